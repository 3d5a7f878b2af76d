// The events people are told about, and how each is delivered when a person has not chosen.
import type { NOTIFICATION_CHANNELS } from "../db/schema/notifications";

export const NOTIFICATION_EVENTS = ["documents_processed", "account_attention", "documents_failed", "review_waiting", "daily_summary"] as const;
export type NotificationEvent = (typeof NOTIFICATION_EVENTS)[number];
export type NotificationChannel = (typeof NOTIFICATION_CHANNELS)[number];

/**
 * A channel is the most a person gets: "in_app" shows in the bell, "email" shows in the bell and
 * is emailed too, "none" neither. Defaults: in-app for every event, email as well for the daily
 * summary (an email by nature) and for accounts needing attention.
 */
export const DEFAULT_CHANNEL: Record<NotificationEvent, NotificationChannel> = {
  documents_processed: "in_app",
  account_attention: "email",
  documents_failed: "in_app",
  review_waiting: "in_app",
  daily_summary: "email",
};
