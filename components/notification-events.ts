// Pages announce a change to the person's notifications (one read, all read) so the bell recounts.
export const NOTIFICATIONS_CHANGED = "mailroom:notifications-changed";

export function announceNotificationsChanged() {
  window.dispatchEvent(new Event(NOTIFICATIONS_CHANGED));
}
