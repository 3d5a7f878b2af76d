// Benchmark "scheduler": one `accounts.fetch-due` tick (jobs/accounts-fetch-due.ts: find the due
// accounts, queue an `account.fetch` job for each) over N mail accounts (10,000) of 100 companies:
// most due, some fetched a minute ago, some disabled or backing off after failures. Before each
// tick the queued fetch jobs are deleted, so every tick queues them all again (the worst case: a
// worker that was down, or every account on the same interval). The tick runs as the worker runs
// it: the job's handler with a pg-boss instance on the same database.
// No baseline: the target is one tick under 1 s; ratio = 1 s / the median tick.
// Flags: --accounts N (10000) --runs N (5, median kept)
import { performance } from "node:perf_hooks";
import type { JobContext } from "@/lib/queue";
import { createWorkerBoss } from "@/lib/queue";
import { accountFetchJob } from "@/lib/accounts/schemas";
import { accountsFetchDue } from "@/jobs/accounts-fetch-due";
import { createTestDatabase } from "../support/db";
import { intFlag, type BenchContext } from "./args";

export const schedulerBenchmark = {
  description: "one accounts.fetch-due tick over N mail accounts (most due), median of several\n" + "    flags: --accounts 10000 --runs 5",
  run: runSchedulerBenchmark,
};

const FLAGS = ["accounts", "runs"];
const COMPANIES = 100;
const TARGET_SECONDS = 1;

async function runSchedulerBenchmark(ctx: BenchContext) {
  const unknown = Object.keys(ctx.flags).filter((k) => !FLAGS.includes(k));
  if (unknown.length) throw new Error(`scheduler: unknown flag ${unknown.map((k) => `--${k}`).join(", ")} (known: ${FLAGS.map((k) => `--${k}`).join(" ")})`);
  const accounts = intFlag(ctx.flags, "accounts", 10_000);
  const runs = intFlag(ctx.flags, "runs", 5);
  const tdb = await createTestDatabase();
  const boss = createWorkerBoss(tdb.url, 4);
  boss.on("error", (err) => console.error(`scheduler: pg-boss: ${err}`));
  try {
    // Supervision and cron off would change nothing here; start() creates nothing new (queues exist).
    await boss.start();
    let t = performance.now();
    await tdb.sql`insert into companies (name) select 'Bench ' || c from generate_series(1, ${COMPANIES}) c`;
    // Of every 20 accounts: 16 due (never fetched, or their 5-minute interval long past), 2 fetched a
    // minute ago, 1 disabled, 1 backing off for an hour.
    await tdb.sql`
      insert into mail_accounts (company_id, email, host, status, last_fetch_at, retry_after, failure_count)
      select c.id, 'box' || g || '@bench.test', '127.0.0.1',
             case when g % 20 = 18 then 'disabled' else 'ok' end,
             case when g % 20 = 0 then null when g % 20 in (16, 17) then now() - interval '1 minute' else now() - interval '10 minutes' end,
             case when g % 20 = 19 then now() + interval '1 hour' end,
             case when g % 20 = 19 then 3 else 0 end
        from generate_series(1, ${accounts}) g
        join (select id, row_number() over (order by id) as n from companies) c on c.n = 1 + g % ${COMPANIES}`;
    await tdb.sql`analyze`;
    console.log(`setup: ${accounts} accounts of ${COMPANIES} companies in ${((performance.now() - t) / 1000).toFixed(1)} s`);

    const jobCtx = { db: tdb.db, boss, jobId: "bench", attempt: { retryCount: 0, final: true } } as unknown as JobContext;
    const times: number[] = [];
    let last: { due: number; queued: number } | undefined;
    for (let i = 0; i < runs + 1; i++) {
      ctx.signal.throwIfAborted();
      await boss.deleteQueuedJobs(accountFetchJob.name);
      t = performance.now();
      last = (await accountsFetchDue.handler(null, jobCtx)) as { due: number; queued: number };
      const s = (performance.now() - t) / 1000;
      const [{ n }] = await tdb.sql`select count(*)::int as n from pgboss.job where name = ${accountFetchJob.name} and state = 'created'`;
      if (n !== last.queued || last.queued !== last.due) throw new Error(`scheduler: tick found ${last.due} due, reported ${last.queued} queued, ${n} jobs waiting`);
      console.log(`tick ${i === 0 ? "(warm-up)" : i}: ${last.due} due, ${last.queued} queued in ${s.toFixed(3)} s`);
      if (i > 0) times.push(s); // the first tick warms plans and pg-boss's queue cache
    }
    times.sort((a, b) => a - b);
    const seconds = times[Math.floor(times.length / 2)];
    console.log(`scheduler: median tick ${seconds.toFixed(3)} s over ${accounts} accounts (target ${TARGET_SECONDS} s): ratio ${round(TARGET_SECONDS / seconds, 3)}`);
    const out = { bench: "scheduler", accounts, due: last!.due, runs, seconds: round(seconds, 4), ratio: round(TARGET_SECONDS / seconds, 3) };
    console.log(JSON.stringify(out));
    return out;
  } finally {
    await boss.stop({ graceful: false, close: true }).catch(() => {});
    await tdb.drop();
  }
}

const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;
