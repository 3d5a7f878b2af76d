import { route } from "@/lib/http";
import { deleteDocument, documentDetail } from "@/lib/documents/queries";
import { services } from "@/lib/web/services";

export const GET = route(async (_req, { caller, params }) => Response.json(await documentDetail(services().db, caller.companyId, params.id)));

export const DELETE = route(async (_req, { caller, params }) => {
  const { db, storage } = services();
  await deleteDocument(db, storage, caller.companyId, params.id);
  return Response.json({ deleted: true });
});
