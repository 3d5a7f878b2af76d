import { and, eq } from "drizzle-orm";
import { defineJob, enqueue } from "@/lib/queue";
import { accountFetchJob } from "@/lib/accounts/schemas";
import { mailAccounts } from "@/lib/db/schema/accounts";
import { fetchAccount } from "@/lib/mail/fetch-account";
import { FETCH_STOPPED_REASON, fetchStoppedFor } from "@/lib/ops/flags";
import { timeStage } from "@/lib/ops/stage-timings";

export const accountFetch = defineJob({
  ...accountFetchJob,
  // stately + singletonKey: per account at most one run active and one waiting.
  // heartbeatSeconds: a worker killed mid-fetch is noticed in seconds, not at the 240 s expiry.
  // The fetch lanes (WORKER_FETCH_CONCURRENCY), which document work never takes.
  lane: "fetch",
  options: { policy: "stately", retryLimit: 3, retryDelay: 10, retryBackoff: true, expireInSeconds: 240, heartbeatSeconds: 10 },
  async handler(data, ctx) {
    const [account] = await ctx.db
      .select()
      .from(mailAccounts)
      .where(and(eq(mailAccounts.id, data.account_id), eq(mailAccounts.companyId, data.company_id)));
    if (!account || account.status === "disabled") return { skipped: true };
    const stopped = await fetchStoppedFor(ctx.db, account.id);
    if (stopped) {
      ctx.log.info({ accountId: account.id, stopped }, "fetch skipped: fetching is stopped");
      return { skipped: true, reason: FETCH_STOPPED_REASON[stopped] };
    }
    const outcome = await timeStage("fetch", () =>
      fetchAccount(ctx, account, {
        batchSize: ctx.settings.fetchBatchSize,
        maxAttachmentBytes: ctx.settings.maxAttachmentBytes,
        maxMessageBytes: ctx.settings.maxMessageBytes,
        streamMessageBytes: ctx.settings.streamMessageBytes,
        shouldStop: async () => (await fetchStoppedFor(ctx.db, account.id)) !== null,
        // The worker's stop grace running out: the run ends at the next message, keeping what it stored.
        signal: ctx.shutdown,
      }),
    );
    if (outcome.ok && outcome.lease === "held") {
      // Its holder stalled or died without giving it up (a live holder's job would still be active): fetched once its hold runs out.
      await enqueue(ctx.boss, accountFetchJob, data, { singletonKey: data.account_id, startAfter: new Date(outcome.until.getTime() + 1000) });
      return { skipped: true, reason: "Another worker holds this mailbox; it is fetched again once that hold runs out" };
    }
    if (outcome.ok && outcome.lease === "lost") {
      // Not an error: the worker that took the mailbox over carries on from what this run stored.
      return { messages: outcome.messages, documents: outcome.documents, skipped: outcome.skipped, lease_lost: true, reason: "Another worker took this fetch over while this one was stalled; what was stored is kept" };
    }
    if (!outcome.ok) {
      // Unreachable servers are retried by pg-boss with back-off; a login failure waits for the account's retry_after.
      if (outcome.retry) throw outcome.error;
      return { error: outcome.error.message };
    }
    if (outcome.stopped && ctx.shutdown?.aborted) {
      // Cut short by the worker stopping, not by a person: the next run (any worker's) goes on from here.
      await enqueue(ctx.boss, accountFetchJob, data, { singletonKey: data.account_id });
      return { messages: outcome.messages, documents: outcome.documents, skipped: outcome.skipped, stopped: true, reason: "The worker was stopping; what was stored is kept and the next run goes on from there" };
    }
    if (outcome.stopped) return { messages: outcome.messages, documents: outcome.documents, skipped: outcome.skipped, stopped: true, reason: "Fetching was stopped during the run; what was stored is kept" };
    if (outcome.more) await enqueue(ctx.boss, accountFetchJob, data, { singletonKey: data.account_id });
    return { messages: outcome.messages, documents: outcome.documents, skipped: outcome.skipped, more: outcome.more };
  },
});
