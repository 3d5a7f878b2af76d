import { route } from "@/lib/http";
import { listQueues, throughput } from "@/lib/ops/queues";
import { getDb } from "@/lib/db/client";
import { SCHEDULED_JOBS } from "@/jobs/crons";

/** Every queue with its jobs by state, and the last 24 hours' completed and failed jobs per hour. */
export const GET = route(async (_req, { caller }) => {
  const db = getDb();
  return Response.json({ queues: await listQueues(db, SCHEDULED_JOBS, caller.companyId), throughput: await throughput(db) });
}, { may: "ops.manage" });
