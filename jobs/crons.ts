import type { JobDefinition } from "@/lib/queue";

export type CronSpec = Pick<JobDefinition, "cron" | "companyCron">;

/**
 * Every job that runs on a schedule, and when: the job files spread their entry in, and the web
 * (schedules page, sync) reads this list without loading the jobs' handlers (OCR, IMAP, …).
 */
export const CRONS = {
  "accounts.fetch-due": { cron: { pattern: "* * * * *" } },
  "documents.sweep": { cron: { pattern: "*/2 * * * *" } },
  "documents.categorize-orphans": { cron: { pattern: "*/10 * * * *" } },
  "report.daily-summary": { companyCron: { pattern: "0 8 * * *" } },
  "attachments.cleanup": { companyCron: { pattern: "0 1 * * *" } },
  "notifications.cleanup": { cron: { pattern: "0 3 * * 0" } },
} satisfies Record<string, CronSpec>;

export type CronJobName = keyof typeof CRONS;
export type ScheduledJob = { name: string } & CronSpec;

export const SCHEDULED_JOBS: ScheduledJob[] = Object.entries(CRONS).map(([name, spec]) => ({ name, ...spec }));
