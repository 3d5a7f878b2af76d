import { sql } from "drizzle-orm";
import { CronExpressionParser } from "cron-parser";
import { BOSS_SCHEMA } from "../queue";
import { listSchedules, type ScheduleDeps } from "../schedules/service";
import type { WorkerRow } from "./workers";

export type OpsWarning = { code: "no_worker"; last_heartbeat_at: string | null } | { code: "cron_missed"; name: string; due_at: string };

// A cron's job is sent by a worker's cron pass, which may run up to a minute or so after its time.
const CRON_GRACE_MS = 2 * 60_000;

/**
 * What the Workers page warns about: no worker heard from for a minute, and a cron (global, or the
 * company's own) whose last due time passed with no job sent for it. A paused cron is not due; a
 * schedule created after that time was not due yet. Without a worker no cron fires, and the first
 * warning says why.
 */
export async function scheduleWarnings(deps: ScheduleDeps, workers: WorkerRow[], companyId: string, now = new Date()): Promise<OpsWarning[]> {
  const warnings: OpsWarning[] = [];
  if (!workers.some((w) => w.state === "running")) {
    const last = workers.map((w) => w.last_heartbeat_at).sort().at(-1) ?? null;
    warnings.push({ code: "no_worker", last_heartbeat_at: last });
    return warnings;
  }
  const db = deps.db;
  const schedules = await listSchedules(deps, companyId, now);
  for (const s of schedules) {
    if (s.paused) continue;
    const due = CronExpressionParser.parse(s.expression, { tz: s.time_zone, currentDate: new Date(now.getTime() - CRON_GRACE_MS), strict: false }).prev().toDate();
    const [row] = await db.execute<{ scheduled_since: string | null; sent: boolean }>(sql`
      select (select created_on::text from ${sql.raw(`${BOSS_SCHEMA}.schedule`)} where name = ${s.name} and key = ${s.key}) as scheduled_since,
             exists (select 1 from ${sql.raw(`${BOSS_SCHEMA}.job`)} where name = ${s.name} and created_on >= ${new Date(due.getTime() - 60_000).toISOString()}::timestamptz
               ${s.per_company ? sql`and data->>'company_id' = ${companyId}` : sql``}) as sent`);
    if (!row?.scheduled_since || new Date(row.scheduled_since) > due) continue;
    if (!row.sent) warnings.push({ code: "cron_missed", name: s.name, due_at: due.toISOString() });
  }
  return warnings;
}
