import { route } from "@/lib/http";
import { syncAll } from "@/lib/schedules/service";
import { scheduleDeps } from "@/lib/web/schedules";

/** Makes pg-boss's schedules match the jobs, companies and overrides: `{added, removed, updated, total}`. */
export const POST = route(async (_req, { log }) => Response.json(await syncAll(await scheduleDeps(), { log })), { may: "schedules.manage" });
