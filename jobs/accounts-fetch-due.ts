import { CRONS } from "./crons";
import { z } from "zod";
import { defineJob, enqueue } from "@/lib/queue";
import { accountFetchJob } from "@/lib/accounts/schemas";
import { dueAccounts } from "@/lib/accounts/due";

export const accountsFetchDue = defineJob({
  name: "accounts.fetch-due",
  schema: z.object({}).passthrough().nullable().optional(),
  options: { policy: "singleton", retryLimit: 0, expireInSeconds: 60 },
  ...CRONS["accounts.fetch-due"],
  async handler(_data, ctx) {
    const due = await dueAccounts(ctx.db, new Date());
    let queued = 0;
    for (const a of due) {
      const id = await enqueue(ctx.boss, accountFetchJob, { account_id: a.id, company_id: a.companyId }, { singletonKey: a.id });
      if (id) queued++;
    }
    return { due: due.length, queued };
  },
});
