import { z } from "../zod";
import { DOCUMENT_STATUSES } from "./contract";
import { PREVIEW_SIZES } from "./preview-keys";

export const processDocumentPayload = z.object({ document_id: z.uuid(), company_id: z.uuid() });

/** Referenced by lib/ to enqueue; jobs/document-process.ts adds options and the handler. */
export const documentProcessJob = { name: "document.process", schema: processDocumentPayload } as const;

/** `GET /api/documents/:id/pages/:n?size=page|thumb`: page n (from 1) as an image. */
export const previewParams = z.object({
  n: z.coerce.number().int().min(1).max(10_000),
  size: z.enum(PREVIEW_SIZES).default("page"),
});
export type PreviewParams = z.infer<typeof previewParams>;

export const DOCUMENT_SORTS = ["newest", "oldest", "total_desc", "total_asc", "issue_date_desc", "issue_date_asc", "vendor"] as const;

export const listDocumentsQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(300).optional(),
  status: z.enum(DOCUMENT_STATUSES).optional(),
  account_id: z.uuid().optional(),
  category_id: z.union([z.uuid(), z.literal("none")]).optional(),
  needs_review: z.enum(["true", "false"]).transform((v) => v === "true").optional(),
  from: z.coerce.date().optional(),
  to: z.coerce.date().optional(),
  min_total: z.coerce.number().finite().optional(),
  max_total: z.coerce.number().finite().optional(),
  q: z.string().trim().max(200).optional(),
  sort: z.enum(DOCUMENT_SORTS).default("newest"),
});
export type ListDocumentsQuery = z.infer<typeof listDocumentsQuery>;

export const sweepPayload = z.object({}).passthrough().nullable().optional();
