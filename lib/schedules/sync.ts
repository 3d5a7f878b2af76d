import type { PgBoss, Schedule } from "pg-boss";
import type { DbOrTx } from "../db/client";
import { companies } from "../db/schema/companies";
import { scheduleOverrides } from "../db/schema/system";
import type { JobDefinition } from "../queue";
import { logger, type Logger } from "../logger";
import { isKnownTimeZone } from "./next-run";
import type { SyncResult } from "./schemas";

export type ScheduledJobSpec = Pick<JobDefinition, "name" | "cron" | "companyCron">;

/** One pg-boss schedule as it should be: (name, key) names it. */
export type WantedSchedule = { name: string; key: string; cron: string; tz: string; data: { company_id: string } | null };

export type SyncOptions = { defaultTimeZone: string; log?: Logger };

/**
 * Makes pg-boss's schedules match the jobs' crons: global ones once, per-company ones once per
 * company in its zone (key = company id), with admins' overrides (another expression, paused)
 * applied. Schedules of names or companies that are gone are removed. Safe to run from any
 * process at any time: it compares and only writes what differs.
 */
export async function syncSchedules(boss: PgBoss, db: DbOrTx, jobs: ScheduledJobSpec[], opts: SyncOptions): Promise<SyncResult> {
  const log = opts.log ?? logger;
  const wanted = await wantedSchedules(db, jobs, opts);
  const existing = await boss.getSchedules();
  const id = (s: { name: string; key: string }) => `${s.name}\u0000${s.key}`;
  const have = new Map(existing.map((s) => [id(s), s]));
  const want = new Set(wanted.map(id));
  const result: SyncResult = { added: 0, removed: 0, updated: 0, total: wanted.length };

  for (const w of wanted) {
    const current = have.get(id(w));
    if (current && sameSchedule(current, w)) continue;
    await boss.schedule(w.name, w.cron, w.data, { tz: w.tz, key: w.key });
    if (current) result.updated++;
    else result.added++;
  }
  for (const s of existing) {
    if (want.has(id(s))) continue;
    await boss.unschedule(s.name, s.key);
    result.removed++;
  }
  if (result.added || result.removed || result.updated) log.info({ ...result }, "schedules synced");
  return result;
}

/** The schedules the jobs, companies and overrides ask for, paused ones left out. */
export async function wantedSchedules(db: DbOrTx, jobs: ScheduledJobSpec[], opts: SyncOptions): Promise<WantedSchedule[]> {
  const log = opts.log ?? logger;
  const overrides = new Map((await db.select().from(scheduleOverrides)).map((o) => [`${o.name}\u0000${o.key}`, o]));
  const needCompanies = jobs.some((j) => j.companyCron);
  const companyRows = needCompanies ? await db.select({ id: companies.id, timeZone: companies.timeZone }).from(companies) : [];
  const wanted: WantedSchedule[] = [];
  const add = (name: string, key: string, pattern: string, tz: string, data: WantedSchedule["data"]) => {
    const o = overrides.get(`${name}\u0000${key}`);
    if (o?.paused) return;
    wanted.push({ name, key, cron: o?.pattern ?? pattern, tz, data });
  };
  for (const job of jobs) {
    if (job.cron) add(job.name, "", job.cron.pattern, job.cron.tz ?? opts.defaultTimeZone, null);
    if (job.companyCron) {
      for (const c of companyRows) {
        // A zone the runtime does not know would make pg-boss refuse the schedule; the company's jobs still run, in the default zone.
        const tz = isKnownTimeZone(c.timeZone) ? c.timeZone : opts.defaultTimeZone;
        if (tz !== c.timeZone) log.warn({ companyId: c.id, timeZone: c.timeZone, job: job.name }, "unknown company time zone; scheduling in the default zone");
        add(job.name, c.id, job.companyCron.pattern, tz, { company_id: c.id });
      }
    }
  }
  return wanted;
}

function sameSchedule(s: Schedule, w: WantedSchedule): boolean {
  return s.cron === w.cron && (s.timezone || "UTC") === w.tz && JSON.stringify(s.data ?? null) === JSON.stringify(w.data);
}
