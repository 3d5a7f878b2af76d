import { parseQuery, route } from "@/lib/http";
import { listNotifications } from "@/lib/notifications/queries";
import { listNotificationsQuery } from "@/lib/notifications/schemas";
import { services } from "@/lib/web/services";

/** The caller's notifications, newest first: `?unread=1` for unread only, `?cursor=` for the next page. */
export const GET = route(async (request, { caller }) => {
  const q = parseQuery(request, listNotificationsQuery);
  return Response.json(await listNotifications(services().db, caller, q));
});
