// Which pages of a document can be previewed and where their rendered images are kept: beside the
// original in storage, under keys made from its own, so whoever deletes the file can delete them.
import type { StoredFile } from "../storage/cleanup";
import type { StorageType } from "../storage/types";

// No zod here: the list's thumbnails import this module into the browser, and zod there probes
// `new Function`, which the CSP reports as a violation.
export const PREVIEW_SIZES = ["page", "thumb"] as const;
export type PreviewSize = (typeof PREVIEW_SIZES)[number];

/** Only the first pages are rendered; the viewer points to the original for the rest. */
export const PREVIEW_MAX_PAGES = 20;

/** Rendered widths in pixels: the page view, and the thumbnails of the list and the page strip. */
export const PREVIEW_WIDTHS: Record<PreviewSize, number> = { page: 1200, thumb: 160 };

export const PREVIEW_CONTENT_TYPE = "image/webp";

type DocumentFileRow = { fileKey: string; storageType: StorageType; contentType: string; pageCount: number | null };

/**
 * How many pages can be previewed: an image has one; a PDF its first pages, or only page 1
 * while its page count is not known yet (still pending, or failed before counting).
 */
export function previewPageCount(doc: Pick<DocumentFileRow, "contentType" | "pageCount">): number {
  if (doc.contentType === "image/png" || doc.contentType === "image/jpeg") return 1;
  if (doc.contentType !== "application/pdf") return 0;
  return Math.min(Math.max(doc.pageCount ?? 1, 1), PREVIEW_MAX_PAGES);
}

export const previewKey = (fileKey: string, page: number, size: PreviewSize) => `${fileKey}.preview/page-${page}-${size}.webp`;

/**
 * Every key a preview of this file may have been cached under. Without a page count (it is
 * cleared while a document is reprocessed) every page up to the cap is named: deleting a key that
 * was never written costs nothing, leaving one behind would keep a picture of a deleted file.
 */
export function previewKeys(doc: Pick<DocumentFileRow, "fileKey" | "contentType" | "pageCount">): string[] {
  const pages = doc.contentType === "application/pdf" && doc.pageCount === null ? PREVIEW_MAX_PAGES : previewPageCount(doc);
  const keys: string[] = [];
  for (let page = 1; page <= pages; page++) for (const size of PREVIEW_SIZES) keys.push(previewKey(doc.fileKey, page, size));
  return keys;
}

/** A document's stored file with its cached previews, as deleteUnreferencedFiles takes it. */
export const documentFile = (doc: DocumentFileRow): StoredFile => ({ key: doc.fileKey, type: doc.storageType, derived: previewKeys(doc) });
