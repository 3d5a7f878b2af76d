import { parseBody, route } from "@/lib/http";
import { updateScheduleSchema } from "@/lib/schedules/schemas";
import { updateSchedule } from "@/lib/schedules/service";
import { scheduleDeps } from "@/lib/web/schedules";

/** `{expression?, paused?}`: a null or empty expression goes back to the job's own; answers the row and the sync's counts. */
export const PATCH = route(async (request, { caller, params }) => {
  const input = await parseBody(request, updateScheduleSchema);
  return Response.json(await updateSchedule(await scheduleDeps(), caller.companyId, params.name, input));
}, { may: "schedules.manage" });
