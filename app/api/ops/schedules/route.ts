import { route } from "@/lib/http";
import { listSchedules } from "@/lib/schedules/service";
import { scheduleDeps } from "@/lib/web/schedules";

/** Every cron job: expression, zone, next run, last run and its result. */
export const GET = route(async (_req, { caller }) => Response.json({ schedules: await listSchedules(await scheduleDeps(), caller.companyId) }), { may: "schedules.manage" });
