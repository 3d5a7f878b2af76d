import { route } from "@/lib/http";
import { readDocumentFile } from "@/lib/documents/queries";
import { services } from "@/lib/web/services";
import { FILE_CSP } from "@/lib/security-headers";

export const GET = route(async (request, { caller, params }) => {
  const { db, storage } = services();
  const { doc, bytes } = await readDocumentFile(db, storage, caller.companyId, params.id);
  const download = new URL(request.url).searchParams.has("download");
  return new Response(new Uint8Array(bytes), {
    headers: {
      "content-type": doc.contentType,
      "content-length": String(bytes.length),
      // RFC 6266 with RFC 5987 encoding keeps Hebrew names intact; the ASCII fallback has no quotes or slashes.
      "content-disposition": `${download ? "attachment" : "inline"}; filename="${doc.filename.replace(/[^\x20-\x7e]|["\\/]/g, "_")}"; filename*=UTF-8''${encodeURIComponent(doc.filename)}`,
      "x-content-type-options": "nosniff",
      "content-security-policy": FILE_CSP,
    },
  });
});
