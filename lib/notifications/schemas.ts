// The notifications API's contract: the routes parse with these, the pages take their types from them.
import { z } from "@/lib/zod";
import { NOTIFICATION_EVENTS } from "./events";

export const NOTIFICATION_CHANNEL_VALUES = ["in_app", "email", "none"] as const;

export const listNotificationsQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  // The created_at and id of the last row seen, as the previous page's next_cursor gave them.
  cursor: z.string().max(200).optional(),
  unread: z.enum(["1", "0", "true", "false"]).transform((v) => v === "1" || v === "true").optional(),
});
export type ListNotificationsQuery = z.infer<typeof listNotificationsQuery>;

export const notificationSchema = z.object({
  id: z.string(),
  event: z.enum(NOTIFICATION_EVENTS),
  data: z.record(z.string(), z.union([z.string(), z.number(), z.null()])),
  link: z.string().nullable(),
  read_at: z.string().nullable(),
  created_at: z.string(),
});
export type NotificationJson = z.infer<typeof notificationSchema>;

export const notificationListSchema = z.object({ items: z.array(notificationSchema), unread: z.number().int(), next_cursor: z.string().nullable() });
export type NotificationList = z.infer<typeof notificationListSchema>;

export const preferenceSchema = z.object({
  event: z.enum(NOTIFICATION_EVENTS),
  channel: z.enum(NOTIFICATION_CHANNEL_VALUES),
  // Daily summary only; null elsewhere.
  when_empty: z.boolean().nullable(),
});
export const preferencesSchema = z.object({ preferences: z.array(preferenceSchema) });
export type Preferences = z.infer<typeof preferencesSchema>;

/** PUT body: any subset of events; those left out keep their choice. */
export const updatePreferencesSchema = z.object({
  preferences: z
    .array(z.object({ event: z.enum(NOTIFICATION_EVENTS), channel: z.enum(NOTIFICATION_CHANNEL_VALUES), when_empty: z.boolean().nullable().optional() }))
    .max(NOTIFICATION_EVENTS.length)
    .refine((list) => new Set(list.map((p) => p.event)).size === list.length, { message: "Each event at most once" }),
});
export type UpdatePreferences = z.infer<typeof updatePreferencesSchema>;
