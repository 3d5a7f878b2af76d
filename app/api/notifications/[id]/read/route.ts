import { route } from "@/lib/http";
import { isUuid } from "@/lib/accounts/service";
import { notFound } from "@/lib/errors";
import { markRead } from "@/lib/notifications/queries";
import { services } from "@/lib/web/services";

export const POST = route(async (_request, { caller, params }) => {
  if (!isUuid(params.id)) throw notFound("notifications");
  return Response.json({ notification: await markRead(services().db, caller, params.id) });
});
