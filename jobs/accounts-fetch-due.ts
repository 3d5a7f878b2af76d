import { CRONS } from "./crons";
import { z } from "zod";
import { defineJob } from "@/lib/queue";
import { accountFetchJob } from "@/lib/accounts/schemas";
import { dueAccounts } from "@/lib/accounts/due";

/** Jobs a statement: one insert of 1,000 is a few milliseconds, one send at a time ~1 ms each. */
const BATCH = 1000;

export const accountsFetchDue = defineJob({
  name: "accounts.fetch-due",
  schema: z.object({}).passthrough().nullable().optional(),
  options: { policy: "singleton", retryLimit: 0, expireInSeconds: 60 },
  ...CRONS["accounts.fetch-due"],
  async handler(_data, ctx) {
    const due = await dueAccounts(ctx.db, new Date());
    // In batches, not one send per account: 10,000 due accounts took 20 s one by one (tests/bench/scheduler.ts).
    // The queue is "stately", so an account whose fetch already waits keeps that one job (the
    // insert skips the conflict, as send did) and only the new ones come back as queued.
    let queued = 0;
    for (let i = 0; i < due.length; i += BATCH) {
      const jobs = due.slice(i, i + BATCH).map((a) => ({ data: accountFetchJob.schema.parse({ account_id: a.id, company_id: a.companyId }), singletonKey: a.id }));
      queued += (await ctx.boss.insert(accountFetchJob.name, jobs, { returnId: true }))?.length ?? 0;
    }
    return { due: due.length, queued };
  },
});
