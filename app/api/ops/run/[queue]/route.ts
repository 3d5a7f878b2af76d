import { route } from "@/lib/http";
import { runNow } from "@/lib/ops/jobs";
import { opsDeps } from "@/lib/web/ops";

/** Sends the queue's job now with its default payload; jobs about one item have none (422). Answers `{job_id}`. */
export const POST = route(
  async (_req, { caller, params, log }) => {
    const result = await runNow(await opsDeps(), caller.companyId, params.queue);
    log.info({ queue: params.queue, jobId: result.job_id, by: caller.userId }, "job run now");
    return Response.json(result, { status: 202 });
  },
  { may: "ops.manage" },
);
