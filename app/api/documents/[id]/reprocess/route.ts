import { route } from "@/lib/http";
import { reprocessDocument } from "@/lib/documents/service";
import { services } from "@/lib/web/services";

export const POST = route(async (_req, { caller, params }) => {
  const { db, boss } = services();
  const jobId = await reprocessDocument(db, await boss(), caller.companyId, params.id);
  return Response.json({ job_id: jobId, already_queued: jobId === null }, { status: 202 });
});
