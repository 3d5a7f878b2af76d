// Page images of a document for the browser, which then needs no PDF plugin: drawn on first
// request (render-preview.ts), cached beside the original in storage, and answered with headers
// that let the browser keep them (a file's pages never change: the key and ETag come from it).
import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "../db/client";
import { documents } from "../db/schema/documents";
import { AppError } from "../errors";
import type { Logger } from "../logger";
import type { Storage } from "../storage/types";
import { PREVIEW_CONTENT_TYPE, PREVIEW_WIDTHS, previewKey, previewPageCount } from "./preview-keys";
import { assertFileKept, getDocument, readStoredFile } from "./queries";
import { renderPreview } from "./render-preview";
import type { PreviewParams } from "./schemas";

export type PreviewDeps = { db: DbOrTx; storage: Storage; log: Logger };
type DocumentRow = typeof documents.$inferSelect;

/** Bumped when drawing changes (size, format), so browsers fetch again instead of keeping the old picture. */
const RENDER_VERSION = 1;
const CACHE_CONTROL = "private, max-age=86400";

/** The answer to `GET /api/documents/:id/pages/:n` (and the thumbnail): the picture, or 304 when the browser has it. */
export async function previewResponse(request: Request, deps: PreviewDeps, companyId: string, id: string, ask: PreviewParams): Promise<Response> {
  const { doc } = await getDocument(deps.db, companyId, id);
  assertFileKept(doc);
  const pages = previewPageCount(doc);
  if (ask.n > pages) {
    const why = pages === 0 ? `${doc.contentType} files have no preview` : `it has ${pages === 1 ? "1 page" : `${pages} pages`} to preview`;
    throw new AppError("documents.preview_not_found", `Page ${ask.n} of this document has no preview: ${why}`, { status: 404 });
  }
  const etag = `"${doc.sha256.slice(0, 32)}-${ask.n}-${ask.size}-v${RENDER_VERSION}"`;
  const headers = { etag, "cache-control": CACHE_CONTROL, "x-content-type-options": "nosniff" };
  const known = request.headers.get("if-none-match")?.split(",").map((t) => t.trim().replace(/^W\//, ""));
  if (known?.includes(etag)) return new Response(null, { status: 304, headers });
  const image = await documentPreview(deps, doc, ask);
  return new Response(new Uint8Array(image), { headers: { ...headers, "content-type": PREVIEW_CONTENT_TYPE, "content-length": String(image.length) } });
}

// Drawings under way, by key: the page view and its thumbnail strip ask for the same page at once.
const drawing = new Map<string, Promise<Buffer>>();

/** The cached picture, or drawn now and cached; one drawing per key at a time in this process. */
async function documentPreview(deps: PreviewDeps, doc: DocumentRow, ask: PreviewParams): Promise<Buffer> {
  const key = previewKey(doc.fileKey, ask.n, ask.size);
  const cached = await deps.storage.get(doc.storageType, key).catch(() => undefined);
  if (cached) return cached;
  let job = drawing.get(key);
  if (!job) {
    job = drawAndCache(deps, doc, ask, key).finally(() => drawing.delete(key));
    drawing.set(key, job);
  }
  return job;
}

async function drawAndCache(deps: PreviewDeps, doc: DocumentRow, ask: PreviewParams, key: string): Promise<Buffer> {
  const bytes = await readStoredFile(deps.storage, doc);
  const started = performance.now();
  const image = await renderPreview({ bytes, contentType: doc.contentType }, ask.n, PREVIEW_WIDTHS[ask.size]);
  deps.log.debug({ documentId: doc.id, page: ask.n, size: ask.size, ms: Math.round(performance.now() - started) }, "preview drawn");
  try {
    // Beside the original, on its driver: deleting the file deletes its previews by the same keys.
    await deps.storage.putOn(doc.storageType, key, image);
    // Deleted while it was drawn: its previews were deleted before this one was written.
    const [still] = await deps.db.select({ id: documents.id }).from(documents).where(and(eq(documents.id, doc.id), eq(documents.companyId, doc.companyId)));
    if (!still) await deps.storage.delete(doc.storageType, key);
  } catch (err) {
    // A cache that cannot be written only makes the next request slower.
    deps.log.warn({ err, key }, "could not cache a preview");
  }
  return image;
}
