import { route } from "@/lib/http";
import { listWorkers } from "@/lib/ops/workers";
import { scheduleWarnings } from "@/lib/ops/warnings";
import { scheduleDeps } from "@/lib/web/schedules";

/** Every known worker (running, missing or stopped) and what needs attention: no worker seen, a cron that did not fire. */
export const GET = route(async (_req, { caller }) => {
  const deps = await scheduleDeps();
  const workers = await listWorkers(deps.db);
  return Response.json({ workers, warnings: await scheduleWarnings(deps, workers, caller.companyId) });
}, { may: "ops.manage" });
