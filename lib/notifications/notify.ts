// Telling people: one notification row per person who wants the event, and an email in the
// person's language for those who chose "email". Callers pass numbers and names in `data`; the
// words come from the `notifications` messages when the page or the email is written.
import { and, desc, eq, gt, inArray, isNull, sql } from "drizzle-orm";
import type { PgBoss } from "pg-boss";
import type { DbOrTx } from "../db/client";
import { companies, users } from "../db/schema/companies";
import { notificationPreferences, notifications } from "../db/schema/notifications";
import type { Locale } from "../i18n/locales";
import { queueEmail } from "../outbox/outbox";
import { DEFAULT_CHANNEL, type NotificationChannel, type NotificationEvent } from "./events";
import { renderNotificationEmail, type EmailContent } from "./render";

export type NotificationData = Record<string, string | number | null>;

export type NotifyInput = {
  companyId: string;
  event: NotificationEvent;
  /** Numbers and names the words are made from (see lib/i18n/messages/en/notifications.json). */
  data: NotificationData;
  /** A path inside Mailroom ("/documents/…"); emails link to PUBLIC_URL + link. */
  link?: string | null;
  /** Only these people (still as each one chose); by default everyone active in the company. */
  userIds?: string[];
  /** A person already told about this event with this key is not told again: what makes a retried job safe. */
  dedupeKey?: string;
  /**
   * Instead of a new row, a person's unread notification of this event younger than this many
   * minutes has its `data.count` raised by `data.count` (and takes the new data): a burst of
   * failures is one line, and one email, per hour.
   */
  aggregateMinutes?: number;
  /** Daily summary: a day with nothing new reaches only people whose `when_empty` is on (the default). */
  empty?: boolean;
  /** An email of the caller's own (the daily summary's full report), in the person's language; else the one-line email. */
  email?: (locale: Locale) => EmailContent;
  /** The bell only, whatever the channel: the caller sends its own email (the daily summary is one). */
  inAppOnly?: boolean;
};

export type NotifyResult = { notified: number; emailed: number; aggregated: number };

/** Creates the notifications (and queues the emails) for one event, in `db`'s transaction when it is one. */
export async function notify(db: DbOrTx, boss: PgBoss, input: NotifyInput): Promise<NotifyResult> {
  const people = await recipients(db, input);
  const result: NotifyResult = { notified: 0, emailed: 0, aggregated: 0 };
  if (people.length === 0) return result;
  const fallback = await companyLocale(db, input.companyId);
  const data: NotificationData = input.dedupeKey ? { ...input.data, dedupe_key: input.dedupeKey } : input.data;
  for (const person of people) {
    if (input.dedupeKey && (await alreadyTold(db, person.id, input.event, input.dedupeKey))) continue;
    if (input.aggregateMinutes && (await addToRecent(db, person.id, input, data))) {
      result.aggregated += 1;
      continue;
    }
    await db.insert(notifications).values({ companyId: input.companyId, userId: person.id, event: input.event, data, link: input.link ?? null });
    result.notified += 1;
    if (person.channel !== "email" || input.inAppOnly) continue;
    const locale = person.locale ?? fallback;
    const content = input.email?.(locale) ?? renderNotificationEmail(locale, input.event, data, input.link ?? null);
    await queueEmail(db, boss, { companyId: input.companyId, userId: person.id, kind: `notification.${input.event}`, to: person.email, ...content });
    result.emailed += 1;
  }
  return result;
}

type Recipient = { id: string; email: string; locale: Locale | null; channel: NotificationChannel };

/** Active people of the company (or the ones named) with the channel each chose, minus those who chose none. */
async function recipients(db: DbOrTx, input: NotifyInput): Promise<Recipient[]> {
  if (input.userIds && input.userIds.length === 0) return [];
  const rows = await db
    .select({ id: users.id, email: users.email, locale: users.locale, channel: notificationPreferences.channel, whenEmpty: notificationPreferences.whenEmpty })
    .from(users)
    .leftJoin(notificationPreferences, and(eq(notificationPreferences.userId, users.id), eq(notificationPreferences.event, input.event)))
    .where(and(eq(users.companyId, input.companyId), isNull(users.disabledAt), input.userIds ? inArray(users.id, input.userIds) : undefined));
  return rows
    .map((r) => ({ id: r.id, email: r.email, locale: r.locale, channel: r.channel ?? DEFAULT_CHANNEL[input.event], whenEmpty: r.whenEmpty ?? true }))
    .filter((r) => r.channel !== "none" && !(input.empty && !r.whenEmpty));
}

/** The company has no language of its own: its admins' choice stands in for it, else English. */
async function companyLocale(db: DbOrTx, companyId: string): Promise<Locale> {
  const [row] = await db
    .select({ locale: users.locale })
    .from(users)
    .innerJoin(companies, eq(companies.id, users.companyId))
    .where(and(eq(users.companyId, companyId), eq(users.role, "admin"), sql`${users.locale} is not null`))
    .orderBy(users.createdAt)
    .limit(1);
  return row?.locale ?? "en";
}

async function alreadyTold(db: DbOrTx, userId: string, event: string, key: string): Promise<boolean> {
  const [row] = await db
    .select({ id: notifications.id })
    .from(notifications)
    .where(and(eq(notifications.userId, userId), eq(notifications.event, event), sql`${notifications.data}->>'dedupe_key' = ${key}`))
    .limit(1);
  return row !== undefined;
}

/** Folds the event into the person's unread notification of the same kind from the last minutes, if there is one. */
async function addToRecent(db: DbOrTx, userId: string, input: NotifyInput, data: NotificationData): Promise<boolean> {
  const since = new Date(Date.now() - input.aggregateMinutes! * 60_000);
  const [recent] = await db
    .select({ id: notifications.id, data: notifications.data })
    .from(notifications)
    .where(and(eq(notifications.userId, userId), eq(notifications.event, input.event), isNull(notifications.readAt), gt(notifications.createdAt, since)))
    .orderBy(desc(notifications.createdAt))
    .limit(1);
  if (!recent) return false;
  const count = Number(recent.data.count ?? 1) + Number(data.count ?? 1);
  // Several documents: the link goes to the list rather than to the last one.
  await db.update(notifications).set({ data: { ...data, count }, link: input.link === undefined ? undefined : listLink(input.event) ?? input.link }).where(eq(notifications.id, recent.id));
  return true;
}

function listLink(event: NotificationEvent): string | undefined {
  if (event === "documents_failed") return "/documents?status=error";
  if (event === "review_waiting") return "/review";
  return undefined;
}
