import { and, eq, sql } from "drizzle-orm";
import type { PgBoss } from "pg-boss";
import type { DbOrTx } from "../db/client";
import { companies } from "../db/schema/companies";
import { scheduleOverrides } from "../db/schema/system";
import { fieldError, notFound } from "../errors";
import { BOSS_SCHEMA } from "../queue";
import { cronProblem, isKnownTimeZone, nextRuns } from "./next-run";
import type { ScheduleRow, SyncResult, UpdateScheduleInput } from "./schemas";
import { syncSchedules, type ScheduledJobSpec, type SyncOptions } from "./sync";

export type ScheduleDeps = { db: DbOrTx; boss: PgBoss; jobs: ScheduledJobSpec[]; defaultTimeZone: string };

/**
 * Every cron job as the caller's company sees it: global crons, and its own row of each
 * per-company cron (other companies' rows are theirs).
 */
export async function listSchedules(deps: ScheduleDeps, companyId: string, now = new Date()): Promise<ScheduleRow[]> {
  const rows: ScheduleRow[] = [];
  for (const job of deps.jobs) rows.push(...(await jobRows(deps, job, companyId, now)));
  return rows;
}

/** Saves an admin's change (expression, paused) and re-syncs pg-boss's schedules. */
export async function updateSchedule(deps: ScheduleDeps, companyId: string, name: string, input: UpdateScheduleInput): Promise<{ schedule: ScheduleRow; sync: SyncResult }> {
  const job = findScheduled(deps.jobs, name);
  if (input.expression) {
    const problem = cronProblem(input.expression);
    if (problem) throw fieldError("expression", `This cron expression cannot be used: ${problem}`, "cron_invalid");
  }
  const key = job.companyCron ? companyId : "";
  const set = {
    ...(input.expression !== undefined ? { pattern: input.expression === defaultPattern(job) ? null : input.expression } : {}),
    ...(input.paused !== undefined ? { paused: input.paused } : {}),
    updatedAt: new Date(),
  };
  await deps.db.insert(scheduleOverrides).values({ name, key, ...set }).onConflictDoUpdate({ target: [scheduleOverrides.name, scheduleOverrides.key], set });
  const sync = await syncAll(deps);
  const [schedule] = await jobRows(deps, job, companyId, new Date());
  return { schedule: schedule!, sync };
}

/** Sends the job now with the payload its schedule sends (`{company_id}` for a per-company job). */
export async function runScheduleNow(deps: ScheduleDeps, companyId: string, name: string): Promise<{ job_id: string | null }> {
  const job = findScheduled(deps.jobs, name);
  const jobId = await deps.boss.send(name, job.companyCron ? { company_id: companyId } : {});
  return { job_id: jobId };
}

export function syncAll(deps: ScheduleDeps, opts: Partial<SyncOptions> = {}): Promise<SyncResult> {
  return syncSchedules(deps.boss, deps.db, deps.jobs, { defaultTimeZone: deps.defaultTimeZone, ...opts });
}

function findScheduled(jobs: ScheduledJobSpec[], name: string): ScheduledJobSpec {
  const job = jobs.find((j) => j.name === name && (j.cron || j.companyCron));
  if (!job) throw notFound("schedules");
  return job;
}

const defaultPattern = (job: ScheduledJobSpec) => (job.cron ?? job.companyCron)!.pattern;

async function jobRows(deps: ScheduleDeps, job: ScheduledJobSpec, companyId: string, now: Date): Promise<ScheduleRow[]> {
  const perCompany = Boolean(job.companyCron);
  const key = perCompany ? companyId : "";
  let tz = job.cron?.tz ?? deps.defaultTimeZone;
  if (perCompany) {
    const [c] = await deps.db.select({ timeZone: companies.timeZone }).from(companies).where(eq(companies.id, companyId));
    if (c && isKnownTimeZone(c.timeZone)) tz = c.timeZone;
  }
  const [o] = await deps.db.select().from(scheduleOverrides).where(and(eq(scheduleOverrides.name, job.name), eq(scheduleOverrides.key, key)));
  const expression = o?.pattern ?? defaultPattern(job);
  const paused = o?.paused ?? false;
  return [
    {
      name: job.name,
      key,
      per_company: perCompany,
      expression,
      default_expression: defaultPattern(job),
      time_zone: tz,
      paused,
      next_run: paused ? null : (nextRuns(expression, tz, now)[0]?.toISOString() ?? null),
      last_run: await lastRun(deps.db, job.name, perCompany ? companyId : undefined),
    },
  ];
}

/** The last finished run of a queue (for one company, when given), from pg-boss's job table. */
async function lastRun(db: DbOrTx, name: string, companyId?: string): Promise<ScheduleRow["last_run"]> {
  const job = sql.raw(`${BOSS_SCHEMA}.job`);
  const rows = await db.execute<{ id: string; state: string; completed_on: string | null; output: unknown }>(sql`
    select id, state::text, completed_on::text, output from ${job}
    where name = ${name} and state in ('completed', 'failed')
      ${companyId ? sql`and data->>'company_id' = ${companyId}` : sql``}
    order by completed_on desc nulls last limit 1`);
  const r = rows[0];
  return r ? { id: r.id, state: r.state, finished_at: r.completed_on ? new Date(r.completed_on).toISOString() : null, output: r.output ?? null } : null;
}
