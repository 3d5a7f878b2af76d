import { route } from "@/lib/http";
import { retryJob } from "@/lib/ops/jobs";
import { idParam } from "@/lib/ops/params";
import { opsDeps } from "@/lib/web/ops";

/** A failed job gets another attempt; a cancelled one is resumed. Answers the job. */
export const POST = route(
  async (_req, { caller, params, log }) => {
    const id = idParam(params.id, "jobs");
    const result = await retryJob(await opsDeps(), caller.companyId, params.queue, id);
    log.info({ queue: params.queue, jobId: id, by: caller.userId }, "job retry");
    return Response.json(result);
  },
  { may: "ops.manage" },
);
