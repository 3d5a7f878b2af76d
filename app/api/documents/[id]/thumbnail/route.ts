import { route } from "@/lib/http";
import { previewResponse } from "@/lib/documents/previews";
import { services } from "@/lib/web/services";

/** The first page, small: what the documents list shows beside each row. */
export const GET = route(async (request, { caller, params, log }) => {
  const { db, storage } = services();
  return previewResponse(request, { db, storage, log }, caller.companyId, params.id, { n: 1, size: "thumb" });
});
