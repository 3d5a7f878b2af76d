import { CronExpressionParser } from "cron-parser";

/** The next `count` instants `pattern` fires after `from`, read in the IANA zone `tz` (as pg-boss reads it). */
export function nextRuns(pattern: string, tz: string, from: Date = new Date(), count = 1): Date[] {
  const interval = CronExpressionParser.parse(pattern, { tz, currentDate: from, strict: false });
  return Array.from({ length: count }, () => interval.next().toDate());
}

/** Why a 5-field cron expression cannot be used, or undefined when it can. */
export function cronProblem(pattern: string): string | undefined {
  const fields = pattern.trim().split(/\s+/);
  if (pattern.trim() === "" || fields.length !== 5) return "a cron expression has 5 fields: minute hour day-of-month month day-of-week";
  try {
    CronExpressionParser.parse(pattern, { tz: "UTC", strict: false });
    return undefined;
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
}

/** Whether `tz` is a zone this runtime knows (companies.time_zone is typed by people). */
export function isKnownTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}
