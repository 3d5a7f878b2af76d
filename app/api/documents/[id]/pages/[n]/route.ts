import { route } from "@/lib/http";
import { previewResponse } from "@/lib/documents/previews";
import { previewParams } from "@/lib/documents/schemas";
import { services } from "@/lib/web/services";

/** Page n (from 1) of a document as an image: `?size=page` (1200 px wide, the default) or `?size=thumb`. */
export const GET = route(async (request, { caller, params, log }) => {
  const ask = previewParams.parse({ n: params.n, size: new URL(request.url).searchParams.get("size") ?? undefined });
  const { db, storage } = services();
  return previewResponse(request, { db, storage, log }, caller.companyId, params.id, ask);
});
