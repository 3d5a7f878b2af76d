import { parseQuery, route } from "@/lib/http";
import { listJobs } from "@/lib/ops/jobs";
import { listJobsQuery } from "@/lib/ops/schemas";
import { getDb } from "@/lib/db/client";

/** The company's jobs and the global ones, newest first: `?queue=&state=&limit=&cursor=`. */
export const GET = route(async (request, { caller }) => Response.json(await listJobs(getDb(), caller.companyId, parseQuery(request, listJobsQuery))), { may: "ops.manage" });
