import { parseBody, route } from "@/lib/http";
import { deleteDocument, documentDetail } from "@/lib/documents/queries";
import { correctDocument } from "@/lib/documents/service";
import { correctDocumentSchema } from "@/lib/documents/contract";
import { services } from "@/lib/web/services";

export const GET = route(async (_req, { caller, params }) => Response.json(await documentDetail(services().db, caller.companyId, params.id)));

export const DELETE = route(async (_req, { caller, params }) => {
  const { db, storage } = services();
  await deleteDocument(db, storage, caller.companyId, params.id);
  return Response.json({ deleted: true });
}, { may: "documents.delete" });

export const PATCH = route(async (request, { caller, params }) => {
  const input = await parseBody(request, correctDocumentSchema);
  const { db } = services();
  await correctDocument(db, caller, params.id, input);
  return Response.json(await documentDetail(db, caller.companyId, params.id));
});
