// A person's notifications and choices: every query is scoped to the caller's own rows in their company.
import { and, count, desc, eq, isNull, sql } from "drizzle-orm";
import type { DbOrTx } from "../db/client";
import { notificationPreferences, notifications } from "../db/schema/notifications";
import { AppError } from "../errors";
import { DEFAULT_CHANNEL, NOTIFICATION_EVENTS, type NotificationEvent } from "./events";
import type { ListNotificationsQuery, NotificationJson, NotificationList, Preferences, UpdatePreferences } from "./schemas";

export type Reader = { userId: string; companyId: string };

const mine = (r: Reader) => and(eq(notifications.userId, r.userId), eq(notifications.companyId, r.companyId));

/** Newest first, a page at a time; `unread` counts all the person's unread ones. */
export async function listNotifications(db: DbOrTx, reader: Reader, q: ListNotificationsQuery): Promise<NotificationList> {
  const after = decodeCursor(q.cursor);
  const rows = await db
    .select()
    .from(notifications)
    .where(
      and(
        mine(reader),
        q.unread ? isNull(notifications.readAt) : undefined,
        // Keyset on the database's own timestamp (microseconds, which a JS Date would round): rows older than the last one seen.
        after ? sql`(${notifications.createdAt}, ${notifications.id}) < (select n.created_at, n.id from notifications n where n.id = ${after} and n.user_id = ${reader.userId})` : undefined,
      ),
    )
    .orderBy(desc(notifications.createdAt), desc(notifications.id))
    .limit(q.limit + 1);
  const page = rows.slice(0, q.limit);
  const last = page.at(-1);
  return {
    items: page.map(notificationJson),
    unread: await unreadCount(db, reader),
    next_cursor: rows.length > q.limit && last ? last.id : null,
  };
}

export async function unreadCount(db: DbOrTx, reader: Reader): Promise<number> {
  const [row] = await db.select({ n: count() }).from(notifications).where(and(mine(reader), isNull(notifications.readAt)));
  return row.n;
}

/** Marks one of the person's notifications read; someone else's is "not found". */
export async function markRead(db: DbOrTx, reader: Reader, id: string): Promise<NotificationJson> {
  const [row] = await db
    .update(notifications)
    .set({ readAt: sql`coalesce(${notifications.readAt}, now())` })
    .where(and(mine(reader), eq(notifications.id, id)))
    .returning();
  if (!row) throw new AppError("notifications.not_found", "No such notification", { status: 404 });
  return notificationJson(row);
}

export async function markAllRead(db: DbOrTx, reader: Reader): Promise<number> {
  const rows = await db.update(notifications).set({ readAt: new Date() }).where(and(mine(reader), isNull(notifications.readAt))).returning({ id: notifications.id });
  return rows.length;
}

/** Every event with the person's choice, or its default. */
export async function getPreferences(db: DbOrTx, reader: Reader): Promise<Preferences> {
  const rows = await db.select().from(notificationPreferences).where(eq(notificationPreferences.userId, reader.userId));
  const chosen = new Map(rows.map((r) => [r.event, r]));
  return {
    preferences: NOTIFICATION_EVENTS.map((event) => {
      const row = chosen.get(event);
      return { event, channel: row?.channel ?? DEFAULT_CHANNEL[event], when_empty: event === "daily_summary" ? (row?.whenEmpty ?? true) : null };
    }),
  };
}

export async function setPreferences(db: DbOrTx, reader: Reader, input: UpdatePreferences): Promise<Preferences> {
  if (input.preferences.length > 0) {
    await db
      .insert(notificationPreferences)
      .values(input.preferences.map((p) => ({ userId: reader.userId, event: p.event, channel: p.channel, whenEmpty: p.event === "daily_summary" ? (p.when_empty ?? null) : null })))
      .onConflictDoUpdate({
        target: [notificationPreferences.userId, notificationPreferences.event],
        set: { channel: sql`excluded.channel`, whenEmpty: sql`coalesce(excluded.when_empty, ${notificationPreferences.whenEmpty})` },
      });
  }
  return getPreferences(db, reader);
}

function notificationJson(row: typeof notifications.$inferSelect): NotificationJson {
  return { id: row.id, event: row.event as NotificationEvent, data: row.data, link: row.link, read_at: row.readAt?.toISOString() ?? null, created_at: row.createdAt.toISOString() };
}

/** The cursor is the last row's id. */
function decodeCursor(cursor: string | undefined): string | null {
  if (!cursor) return null;
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(cursor)) throw new AppError("notifications.bad_cursor", "The cursor is not one this API gave", { status: 422 });
  return cursor;
}

