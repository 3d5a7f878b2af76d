// The documents API as the browser sees it: what a person may send (the corrections) and what the
// routes answer (a list item, the detail). Route handlers parse with these, pages type with them.
import { z } from "../zod";

/** Every field extraction looks for, in the order the API lists them. */
export const FIELD_NAMES = ["document_type", "vendor", "number", "issue_date", "due_date", "currency", "subtotal", "tax", "total"] as const;
export type FieldName = (typeof FIELD_NAMES)[number];

export const DOCUMENT_TYPES = ["invoice", "receipt", "other"] as const;
export const DOCUMENT_STATUSES = ["pending", "processing", "completed", "error"] as const;
export type DocumentStatus = (typeof DOCUMENT_STATUSES)[number];
/** The pipeline's stages in order; `error` when it stopped. */
export const PROCESSING_STAGES = ["pending", "ocr", "extracting_basic_info", "basic_info_completed", "extracting_table", "table_completed", "extracting_summary", "all_completed", "error"] as const;

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date as yyyy-mm-dd");
const money = z.number().finite();

/** One schema per field: what a correction of it must be (null clears it). */
export const FIELD_SCHEMAS = {
  document_type: z.enum(DOCUMENT_TYPES),
  vendor: z.string().trim().max(300),
  number: z.string().trim().max(100),
  issue_date: isoDate,
  due_date: isoDate,
  currency: z.string().trim().regex(/^[A-Z]{3}$/, "must be a 3-letter currency code"),
  subtotal: money,
  tax: money,
  total: money,
} satisfies Record<FieldName, z.ZodType>;

/** How each field is entered and shown. */
export type FieldKind = "type" | "date" | "amount" | "currency" | "text";
export const FIELD_KIND: Record<FieldName, FieldKind> = {
  document_type: "type",
  vendor: "text",
  number: "text",
  issue_date: "date",
  due_date: "date",
  currency: "currency",
  subtotal: "amount",
  tax: "amount",
  total: "amount",
};

const nullable = <T extends Record<string, z.ZodType>>(shape: T) => Object.fromEntries(Object.entries(shape).map(([k, s]) => [k, s.nullable()])) as { [K in keyof T]: z.ZodNullable<T[K]> };

/** The fields a person corrects: only the ones sent change. */
export const fieldsPatch = z.object(nullable(FIELD_SCHEMAS)).partial().strict();
export type FieldsPatch = z.infer<typeof fieldsPatch>;

export const lineItem = z.object({
  description: z.string().trim().max(500),
  quantity: z.number().finite().nullable(),
  unit_price: money.nullable(),
  amount: money.nullable(),
});
export type LineItem = z.infer<typeof lineItem>;
export const LINE_ITEMS_MAX = 500;
/** The line items a person corrects: the whole list replaces what was extracted. */
export const lineItemsPatch = z.array(lineItem).max(LINE_ITEMS_MAX);

/** PATCH /api/documents/:id. */
export const correctDocumentSchema = z
  .object({
    fields: fieldsPatch.optional(),
    line_items: lineItemsPatch.optional(),
    // A person confirms the document as it is now: it leaves the review list.
    reviewed: z.boolean().optional(),
  })
  .strict();
export type CorrectDocumentInput = z.infer<typeof correctDocumentSchema>;

// Responses. Timestamps are Dates on the server and ISO strings once they have crossed JSON.
const timestamp = z.union([z.date(), z.string()]);

/** A field as the API answers it: its effective value, how sure, where from; null when nothing was found. */
export const fieldEntry = z
  .object({
    value: z.union([z.string(), z.number()]).nullable(),
    confidence: z.number().nullable(),
    source: z.string(),
    /** For a person's correction: what the machine had read. */
    extracted: z.unknown().optional(),
  })
  .nullable();
export type FieldEntry = z.infer<typeof fieldEntry>;
export const documentFields = z.object(Object.fromEntries(FIELD_NAMES.map((n) => [n, fieldEntry])) as Record<FieldName, typeof fieldEntry>);
export type DocumentFields = z.infer<typeof documentFields>;

export const CHECK_NAMES = ["line_items_sum", "subtotal_plus_tax"] as const;
/**
 * A consistency check on the extraction; `values` carries its numbers, so pages can word it in any language.
 * An `advisory` check that fails marks one part as doubtful (the line items) without flagging the document for review.
 */
export const check = z.object({
  name: z.string(),
  ok: z.boolean(),
  message: z.string(),
  advisory: z.boolean().optional(),
  values: z.record(z.string(), z.union([z.string(), z.number(), z.null()])).optional(),
});
export type Check = z.infer<typeof check>;
/** The review reason the pipeline adds when no total was found (the others are failing checks' messages). */
export const NO_TOTAL_REASON = "No total was found";

const category = z.object({ id: z.string(), name: z.string(), color: z.string() });

/** GET /api/documents/:id/status. */
export const documentStatus = z.object({
  status: z.enum(DOCUMENT_STATUSES),
  processing_stage: z.string(),
  progress_percentage: z.number(),
  error_message: z.string().nullable(),
  error_reason: z.string().nullable(),
  last_processed_at: timestamp.nullable(),
});
export type DocumentStatusJson = z.infer<typeof documentStatus>;

/** One row of GET /api/documents. */
export const documentListItem = z.object({
  ...documentStatus.shape,
  id: z.string(),
  account_id: z.string().nullable(),
  email_id: z.string().nullable(),
  filename: z.string(),
  content_type: z.string(),
  size: z.number(),
  sha256: z.string(),
  category: category.nullable(),
  category_source: z.string().nullable(),
  category_confidence: z.number().nullable(),
  category_rule_id: z.string().nullable(),
  fields: documentFields,
  line_items: z.array(lineItem),
  summary: z.string().nullable(),
  extractor: z.string().nullable(),
  extraction_note: z.string().nullable(),
  needs_review: z.boolean(),
  review_reasons: z.array(z.string()),
  checks: z.array(check),
  corrected: z.array(z.string()),
  /** Set when retention deleted the stored file (after `after_days` days); the rest of the document stays. */
  file_removed: z.object({ at: timestamp, after_days: z.number().nullable() }).nullable(),
  page_count: z.number().nullable(),
  text_source: z.string().nullable(),
  storage_type: z.string(),
  created_at: timestamp,
  email: z.object({ subject: z.string().nullable(), from: z.string().nullable(), date: timestamp.nullable() }).nullable().optional(),
});
export type DocumentListItem = z.infer<typeof documentListItem>;

export const documentList = z.object({ items: z.array(documentListItem), next_cursor: z.string().nullable() });
export type DocumentList = z.infer<typeof documentList>;

/** GET/PATCH /api/documents/:id. */
export const documentDetail = documentListItem.extend({
  text: z.string().nullable(),
  /** How many pages the server draws as preview images (0: none). */
  preview_pages: z.number(),
  email: z
    .object({
      id: z.string(),
      subject: z.string().nullable(),
      from: z.string().nullable(),
      to: z.string().nullable(),
      date: timestamp.nullable(),
      folder: z.string(),
      status: z.string(),
      error: z.string().nullable(),
    })
    .nullable(),
});
export type DocumentDetail = z.infer<typeof documentDetail>;
