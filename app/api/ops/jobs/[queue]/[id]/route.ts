import { route } from "@/lib/http";
import { getJob } from "@/lib/ops/jobs";
import { idParam } from "@/lib/ops/params";
import { getDb } from "@/lib/db/client";

/** One job: payload (secrets removed), attempts, timings, output or error. */
export const GET = route(async (_req, { caller, params }) => Response.json(await getJob(getDb(), caller.companyId, params.queue, idParam(params.id, "jobs"))), { may: "ops.manage" });
