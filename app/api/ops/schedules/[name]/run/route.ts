import { route } from "@/lib/http";
import { runScheduleNow } from "@/lib/schedules/service";
import { scheduleDeps } from "@/lib/web/schedules";

/** Sends the job now with its schedule's payload; answers `{job_id}` (null when a singleton run is already queued). */
export const POST = route(async (_req, { caller, params }) => Response.json(await runScheduleNow(await scheduleDeps(), caller.companyId, params.name), { status: 202 }), { may: "schedules.manage" });
