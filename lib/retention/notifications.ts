import { and, inArray, isNotNull, lt } from "drizzle-orm";
import type { DbOrTx } from "../db/client";
import { notifications } from "../db/schema/notifications";

export const READ_NOTIFICATIONS_KEPT_DAYS = 30;
const BATCH = 1000;

/** Deletes read notifications older than 30 days, a batch per statement; unread ones stay whatever their age. */
export async function purgeReadNotifications(db: DbOrTx, now = new Date()): Promise<{ notifications: number }> {
  const cutoff = new Date(now.getTime() - READ_NOTIFICATIONS_KEPT_DAYS * 86_400_000);
  let removed = 0;
  for (;;) {
    const old = db
      .select({ id: notifications.id })
      .from(notifications)
      .where(and(isNotNull(notifications.readAt), lt(notifications.createdAt, cutoff)))
      .limit(BATCH);
    const gone = await db.delete(notifications).where(inArray(notifications.id, old)).returning({ id: notifications.id });
    removed += gone.length;
    if (gone.length < BATCH) return { notifications: removed };
  }
}
