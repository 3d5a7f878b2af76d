import type { ScheduledJobSpec } from "../schedules/sync";

/**
 * What "run now" sends: a global cron's job takes `{}`, a per-company cron's `{company_id}` (the
 * caller's company, as its schedule would). Jobs about one row (account.fetch, document.process,
 * email.send) have no default payload: null.
 */
export function defaultPayload(jobs: ScheduledJobSpec[], name: string, companyId: string): object | null {
  const job = jobs.find((j) => j.name === name);
  if (!job) return null;
  if (job.companyCron) return { company_id: companyId };
  if (job.cron) return {};
  return null;
}
