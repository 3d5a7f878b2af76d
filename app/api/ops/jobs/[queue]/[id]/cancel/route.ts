import { route } from "@/lib/http";
import { cancelJob } from "@/lib/ops/jobs";
import { idParam } from "@/lib/ops/params";
import { opsDeps } from "@/lib/web/ops";

/** Cancels a waiting or running job. Answers the job. */
export const POST = route(
  async (_req, { caller, params, log }) => {
    const id = idParam(params.id, "jobs");
    const result = await cancelJob(await opsDeps(), caller.companyId, params.queue, id);
    log.info({ queue: params.queue, jobId: id, by: caller.userId }, "job cancel");
    return Response.json(result);
  },
  { may: "ops.manage" },
);
