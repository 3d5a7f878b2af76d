import { parseBody, route } from "@/lib/http";
import { getPreferences, setPreferences } from "@/lib/notifications/queries";
import { updatePreferencesSchema } from "@/lib/notifications/schemas";
import { services } from "@/lib/web/services";

/** Per event: "in_app", "email" (in the app and by email) or "none"; `when_empty` for the daily summary. */
export const GET = route(async (_request, { caller }) => Response.json(await getPreferences(services().db, caller)));

export const PUT = route(async (request, { caller }) => {
  const input = await parseBody(request, updatePreferencesSchema);
  return Response.json(await setPreferences(services().db, caller, input));
});
