import { route } from "@/lib/http";
import { rerunJob } from "@/lib/ops/jobs";
import { idParam } from "@/lib/ops/params";
import { opsDeps } from "@/lib/web/ops";

/** Sends a new job with the same payload; answers {job_id}. */
export const POST = route(
  async (_req, { caller, params, log }) => {
    const id = idParam(params.id, "jobs");
    const result = await rerunJob(await opsDeps(), caller.companyId, params.queue, id);
    log.info({ queue: params.queue, jobId: id, by: caller.userId }, "job rerun");
    return Response.json(result, { status: 202 });
  },
  { may: "ops.manage" },
);
