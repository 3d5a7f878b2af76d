import { boolean, index, integer, jsonb, pgTable, real, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { categories } from "./categories";
import type { ExtractedFields, ExtractionCheck, Extractor, LineItem } from "../../extract/types";
import { companies } from "./companies";
import { mailAccounts } from "./accounts";
import { emails, STORAGE_TYPES } from "./mail";
import { DOCUMENT_STATUSES } from "../../documents/contract";


export const documents = pgTable(
  "documents",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    companyId: uuid("company_id").notNull().references(() => companies.id, { onDelete: "cascade" }),
    accountId: uuid("account_id").references(() => mailAccounts.id, { onDelete: "cascade" }),
    emailId: uuid("email_id").references(() => emails.id, { onDelete: "set null" }),
    filename: text("filename").notNull(),
    contentType: text("content_type").notNull(),
    size: integer("size").notNull(),
    sha256: text("sha256").notNull(),
    fileKey: text("file_key").notNull(),
    storageType: text("storage_type", { enum: STORAGE_TYPES }).notNull(),
    status: text("status", { enum: DOCUMENT_STATUSES }).notNull().default("pending"),
    processingStage: text("processing_stage").notNull().default("pending"),
    progressPercentage: integer("progress_percentage").notNull().default(0),
    errorMessage: text("error_message"),
    // Why, as a code (corrupt, encrypted, too_many_pages, … or failed after retries), for UIs and filters.
    errorReason: text("error_reason"),
    lastProcessedAt: timestamp("last_processed_at", { withTimezone: true }),
    // When the current stage began: the sweep re-enqueues documents stuck past a timeout.
    stageStartedAt: timestamp("stage_started_at", { withTimezone: true }),
    text: text("text"),
    pageCount: integer("page_count"),
    textSource: text("text_source", { enum: ["text-layer", "ocr", "mixed", "e-invoice"] }),
    fields: jsonb("fields").$type<ExtractedFields>().notNull().default({}),
    lineItems: jsonb("line_items").$type<LineItem[]>().notNull().default([]),
    summary: text("summary"),
    extractor: text("extractor").$type<Extractor>(),
    extractionNote: text("extraction_note"),
    checks: jsonb("checks").$type<ExtractionCheck[]>().notNull().default([]),
    // What people changed, kept apart so it is shown as theirs and survives reprocessing.
    corrections: jsonb("corrections").$type<DocumentCorrections>().notNull().default({}),
    needsReview: boolean("needs_review").notNull().default(false),
    categoryId: uuid("category_id").references(() => categories.id, { onDelete: "set null" }),
    // rule: a company rule matched; classifier: learned, with a confidence; person: chosen by someone, always wins.
    categorySource: text("category_source", { enum: ["rule", "classifier", "person"] }),
    categoryConfidence: real("category_confidence"),
    categoryRuleId: uuid("category_rule_id"),
    reviewReasons: text("review_reasons").array().notNull().default([]),
    /** The subject and sender of the email that brought the file, searched with its text (lib/documents/search.ts). */
    emailSearch: text("email_search"),
    // Set when retention deleted the stored file (and its previews); everything else about the document stays.
    fileRemovedAt: timestamp("file_removed_at", { withTimezone: true }),
    // The company's retention when the file was removed, so the page can say "removed after N days".
    fileRemovedAfterDays: integer("file_removed_after_days"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("documents_company_sha_key").on(t.companyId, t.sha256),
    index("documents_company_created_idx").on(t.companyId, t.createdAt, t.id),
    index("documents_account_idx").on(t.accountId),
    index("documents_email_idx").on(t.emailId),
    // The dashboard's counts (by status; awaiting a category) read this index alone, not the table:
    // a seq scan of 100,000 documents took ~1 s (tests/bench/api.ts).
    index("documents_company_status_idx").on(t.companyId, t.status, t.categoryId, t.categorySource),
    // Needing review: counted from the index, and listed newest first.
    index("documents_company_review_idx").on(t.companyId, t.needsReview, t.createdAt, t.id),
    // Trigram indexes for search are made in drizzle/0004_search.sql: they need pg_trgm, which
    // not every server allows, and are skipped without it.
  ],
);

export type DocumentCorrections = {
  fields?: Partial<Record<keyof ExtractedFields, { value: string | number | null; by: string; at: string }>>;
  line_items?: { value: LineItem[]; by: string; at: string };
};
