// The daily summary: one email per person who wants it, in their language, at most once per
// person and company day however often the job runs.
import { and, eq, isNull, sql } from "drizzle-orm";
import type { PgBoss } from "pg-boss";
import type { Db } from "../db/client";
import { companies, users } from "../db/schema/companies";
import { notificationPreferences, sentEmails } from "../db/schema/notifications";
import { DEFAULT_CHANNEL, type NotificationChannel } from "../notifications/events";
import { DEFAULT_LOCALE } from "../i18n/locales";
import { notify } from "../notifications/notify";
import { queueEmail } from "../outbox/outbox";
import { env } from "../env";
import { notFound } from "../errors";
import type { Logger } from "../logger";
import { collectSummary, isEmptySummary, summaryCounts } from "./summary-data";
import { renderSummary } from "./summary-email";

const DAY_MS = 24 * 60 * 60 * 1000;

export type DailySummaryResult = { day: string; emailed: number; already: number; skipped_empty: number; in_app: number; empty: boolean };

/**
 * Sums up the 24 hours before `now` for the company. The company's calendar day of `now` names
 * the summary (`daily_summary:YYYY-MM-DD` on sent_emails), so a retry or a second trigger that
 * day finds what was already sent and sends nothing twice.
 */
export async function sendDailySummary(deps: { db: Db; boss: PgBoss; log: Logger }, companyId: string, now = new Date()): Promise<DailySummaryResult> {
  const { db, boss } = deps;
  const [company] = await db.select().from(companies).where(eq(companies.id, companyId));
  if (!company) throw notFound("companies");
  const day = companyDay(now, company.timeZone);
  const kind = `daily_summary:${day}`;
  const data = await collectSummary(db, companyId, { from: new Date(now.getTime() - DAY_MS), to: now });
  const empty = isEmptySummary(data);
  const publicUrl = env().PUBLIC_URL ?? `http://localhost:${env().PORT}`;
  const result: DailySummaryResult = { day, emailed: 0, already: 0, skipped_empty: 0, in_app: 0, empty };

  for (const person of await recipients(db, companyId)) {
    if (person.channel === "none") continue;
    if (person.channel === "in_app") {
      result.in_app++;
      continue;
    }
    if (empty && !person.whenEmpty) {
      result.skipped_empty++;
      continue;
    }
    const email = renderSummary(data, { locale: person.locale, timeZone: company.timeZone, publicUrl, company: company.name });
    const sent = await db.transaction(async (tx) => {
      // Two runs at once queue behind this lock, and the second then sees the first's row.
      await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`${kind}:${person.id}`}))`);
      const [earlier] = await tx
        .select({ id: sentEmails.id })
        .from(sentEmails)
        .where(and(eq(sentEmails.companyId, companyId), eq(sentEmails.userId, person.id), eq(sentEmails.kind, kind)))
        .limit(1);
      if (earlier) return false;
      await queueEmail(tx, boss, { companyId, userId: person.id, kind, to: person.email, subject: email.subject, text: email.text, html: email.html });
      return true;
    });
    if (sent) result.emailed++;
    else result.already++;
  }

  if (!empty && result.emailed + result.already + result.in_app > 0) await ringTheBell(db, boss, companyId, summaryCounts(data, day));
  deps.log.info({ companyId, ...result }, "daily summary");
  return result;
}

/**
 * The in-app notification that the summary went out, once per person and company day (the
 * dedupe key names the day). In the bell only: the summary itself is the email.
 */
async function ringTheBell(db: Db, boss: PgBoss, companyId: string, data: Record<string, string | number>): Promise<void> {
  await notify(db, boss, { companyId, event: "daily_summary", data, link: "/", dedupeKey: `summary:${data.day}`, inAppOnly: true });
}

/** YYYY-MM-DD of `at` in `timeZone`: the day a summary belongs to. */
export function companyDay(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(at);
}

/** Everyone enabled in the company, with their daily-summary choice or its default. */
async function recipients(db: Db, companyId: string) {
  const rows = await db
    .select({ id: users.id, email: users.email, locale: users.locale, channel: notificationPreferences.channel, whenEmpty: notificationPreferences.whenEmpty })
    .from(users)
    .leftJoin(notificationPreferences, and(eq(notificationPreferences.userId, users.id), eq(notificationPreferences.event, "daily_summary")))
    .where(and(eq(users.companyId, companyId), isNull(users.disabledAt)))
    .orderBy(users.createdAt);
  return rows.map((r) => ({
    id: r.id,
    email: r.email,
    locale: r.locale ?? DEFAULT_LOCALE,
    channel: (r.channel ?? DEFAULT_CHANNEL.daily_summary) as NotificationChannel,
    whenEmpty: r.whenEmpty ?? true,
  }));
}
