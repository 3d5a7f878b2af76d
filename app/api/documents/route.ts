import { parseQuery, route } from "@/lib/http";
import { listDocuments } from "@/lib/documents/queries";
import { listDocumentsQuery } from "@/lib/documents/schemas";
import { services } from "@/lib/web/services";

export const GET = route(async (request, { caller }) => {
  const query = parseQuery(request, listDocumentsQuery);
  return Response.json(await listDocuments(services().db, caller.companyId, query));
});
