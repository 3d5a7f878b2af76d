import { route } from "@/lib/http";
import { markAllRead } from "@/lib/notifications/queries";
import { services } from "@/lib/web/services";

export const POST = route(async (_request, { caller }) => {
  return Response.json({ marked: await markAllRead(services().db, caller) });
});
