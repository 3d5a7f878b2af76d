import { sql } from "drizzle-orm";
import type { DbOrTx } from "../db/client";
import { BOSS_SCHEMA } from "../queue";
import { JOB_STATES, type JobState, type QueueRow, type ThroughputPoint } from "./schemas";
import { defaultPayload } from "./run";
import type { ScheduledJobSpec } from "../schedules/sync";

/**
 * Counts come from pg-boss's job table grouped by state, not getQueues(): getQueues() reports
 * queued/active/failed from a cache, with no split for completed, retry or cancelled. Queue names
 * come from pg-boss's queue table so an empty queue still shows. Counts are of the whole instance:
 * they carry no company's data (the job lists do, and are scoped).
 */
export async function queueCounts(db: DbOrTx): Promise<{ name: string; counts: Record<JobState, number> }[]> {
  const names = await db.execute<{ name: string }>(sql.raw(`select name from ${BOSS_SCHEMA}.queue where name not like '\\_\\_%' order by name`));
  const rows = await db.execute<{ name: string; state: JobState; n: number }>(sql.raw(`select name, state::text as state, count(*)::int as n from ${BOSS_SCHEMA}.job group by 1, 2`));
  const byName = new Map<string, Record<JobState, number>>();
  for (const { name } of names) byName.set(name, emptyCounts());
  for (const r of rows) {
    const counts = byName.get(r.name);
    if (counts && r.state in counts) counts[r.state] = r.n;
  }
  return [...byName].map(([name, counts]) => ({ name, counts }));
}

/** The queue table of the console: counts by state, and whether it runs without an id. */
export async function listQueues(db: DbOrTx, jobs: ScheduledJobSpec[], companyId: string): Promise<QueueRow[]> {
  return (await queueCounts(db)).map((q) => ({ ...q, runnable: defaultPayload(jobs, q.name, companyId) !== null }));
}

/** Jobs finished per hour over the last 24 hours (oldest first, every hour present), per queue or all together. */
export async function throughput(db: DbOrTx, queue?: string, now = new Date()): Promise<ThroughputPoint[]> {
  const job = sql.raw(`${BOSS_SCHEMA}.job`);
  const rows = await db.execute<{ hour: string; completed: number; failed: number }>(sql`
    select to_char(date_trunc('hour', completed_on at time zone 'UTC'), 'YYYY-MM-DD"T"HH24:00:00"Z"') as hour,
           count(*) filter (where state = 'completed')::int as completed,
           count(*) filter (where state = 'failed')::int as failed
    from ${job}
    where completed_on > ${new Date(now.getTime() - 24 * 3600_000).toISOString()}::timestamptz
      and state in ('completed', 'failed')
      ${queue ? sql`and name = ${queue}` : sql``}
    group by 1`);
  const byHour = new Map(rows.map((r) => [r.hour, r]));
  const points: ThroughputPoint[] = [];
  const top = Math.floor(now.getTime() / 3600_000) * 3600_000;
  for (let i = 23; i >= 0; i--) {
    const hour = new Date(top - i * 3600_000).toISOString().replace(".000Z", "Z");
    const r = byHour.get(hour);
    const completed = r?.completed ?? 0;
    const failed = r?.failed ?? 0;
    points.push({ hour, completed, failed, failure_rate: completed + failed ? failed / (completed + failed) : 0 });
  }
  return points;
}

function emptyCounts(): Record<JobState, number> {
  return Object.fromEntries(JOB_STATES.map((s) => [s, 0])) as Record<JobState, number>;
}
