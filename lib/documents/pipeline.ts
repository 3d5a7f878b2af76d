import { and, eq, sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { documents } from "../db/schema/documents";
import { emails } from "../db/schema/mail";
import { companies } from "../db/schema/companies";
import type { Logger } from "../logger";
import type { Storage } from "../storage/types";
import { DocumentRejected, type DocumentText, type TextInput } from "../ocr/types";
import type { Extraction, ExtractionCheck, ExtractionInput, Extractor } from "../extract/types";
import { STAGE_PROGRESS } from "./queries";
import { categorizeDocument } from "../categories/categorize";
import { publicErrorText } from "../errors";
import { withLearnedFields } from "./layouts";
import { reviewReasons } from "./review-reasons";

export type PipelineDeps = {
  db: Db;
  storage: Storage;
  log: Logger;
  readText(input: TextInput, signal?: AbortSignal): Promise<DocumentText>;
  extract(input: ExtractionInput): Promise<Extraction & { extractor: Extractor; fallback_reason?: string }>;
  check(extraction: Extraction): ExtractionCheck[];
};

export type PipelineOutcome = { status: "completed" | "error" | "skipped"; stage: string; error?: string };

type Stage = keyof typeof STAGE_PROGRESS;
type DocumentRow = typeof documents.$inferSelect;

/**
 * Runs a document through its stages, saving each stage's result so a retry or a crash resumes
 * where it stopped (the text, the slowest part, is never read twice). A document that can never
 * be read ends in `error` at once; other failures are thrown for pg-boss to retry, and end in
 * `error` on the last attempt.
 */
export async function processDocument(deps: PipelineDeps, ids: { documentId: string; companyId: string }, attempt: { final: boolean }): Promise<PipelineOutcome> {
  const where = and(eq(documents.id, ids.documentId), eq(documents.companyId, ids.companyId));
  const [doc] = await deps.db.select().from(documents).where(where);
  if (!doc) return { status: "skipped", stage: "gone" };
  if (doc.status === "completed" || doc.status === "error") return { status: "skipped", stage: doc.processingStage };

  const enter = (stage: Stage, values: Partial<DocumentRow> = {}) =>
    deps.db
      .update(documents)
      .set({ ...values, status: stage === "all_completed" ? "completed" : "processing", processingStage: stage, progressPercentage: STAGE_PROGRESS[stage], stageStartedAt: new Date(), lastProcessedAt: new Date(), errorMessage: null, errorReason: null })
      .where(where);

  try {
    let text = doc.text;
    let einvoice: Pick<DocumentText, "einvoiceXml" | "einvoiceNote"> = {};
    if (text === null) {
      await enter("ocr");
      const bytes = await deps.storage.get(doc.storageType, doc.fileKey);
      const read = await deps.readText({ bytes, contentType: doc.contentType as TextInput["contentType"] });
      text = read.text;
      einvoice = { einvoiceXml: read.einvoiceXml, einvoiceNote: read.einvoiceNote };
      const sources = new Set(read.pages.map((p) => p.source));
      await enter("extracting_basic_info", { text, pageCount: read.pages.length, textSource: sources.size > 1 ? "mixed" : (read.pages[0]?.source ?? "text-layer") });
    } else {
      await enter("extracting_basic_info");
      einvoice = await einvoiceOnResume(deps, doc);
    }

    // The company's currency and the email that brought the file, in one round trip.
    const [row] = await deps.db
      .select({ defaultCurrency: companies.defaultCurrency, from: emails.fromAddress, to: emails.toAddress, subject: emails.subject, sentAt: emails.sentAt, storedAt: emails.createdAt })
      .from(companies)
      .leftJoin(emails, and(doc.emailId ? eq(emails.id, doc.emailId) : sql`false`, eq(emails.companyId, companies.id)))
      .where(eq(companies.id, ids.companyId));
    const email = row?.storedAt ? row : undefined;
    const input: ExtractionInput = { text, filename: doc.filename, sender: email?.from ?? undefined, subject: email?.subject ?? undefined, receivedAt: email?.sentAt ?? email?.storedAt ?? undefined, defaultCurrency: row?.defaultCurrency ?? undefined, ...einvoice };
    const read = await deps.extract(input);
    // Layouts learned from people's corrections for this vendor come before what the extractor read;
    // an e-invoice's XML is exact, so nothing overrides it.
    const learned = read.extractor === "e-invoice" ? read : await withLearnedFields(deps.db, ids.companyId, { text, sender: email?.from, recipient: email?.to }, read);
    const extraction = withDefaultCurrency(learned, input.defaultCurrency);
    const checks = deps.check(extraction);
    const reasons = reviewReasons(extraction, checks);
    // The extractor read the line items and summary with the fields, so the stages between take no
    // time: one write takes the document through them (four writes of a row nobody could see in
    // between cost every document four round trips and index updates).
    await enter("all_completed", {
      fields: extraction.fields,
      extractor: extraction.extractor,
      extractionNote: extraction.fallback_reason ?? null,
      lineItems: extraction.line_items,
      summary: extraction.summary,
      checks,
      needsReview: reasons.length > 0,
      reviewReasons: reasons,
    });
    // Categorizing is best effort here: the orphans job catches whatever fails now.
    await categorizeDocument(deps.db, ids).catch((err) => deps.log.warn({ documentId: doc.id, err }, "categorization failed; the orphans job will retry"));
    return { status: "completed", stage: "all_completed" };
  } catch (err) {
    if (err instanceof DocumentRejected || attempt.final) {
      // A rejection is in our own words; anything else may carry SQL or paths, so people get a code and a sentence.
      const message = err instanceof DocumentRejected ? err.message : `Processing failed after retries: ${publicErrorText(err)}`;
      const reason = err instanceof DocumentRejected ? err.reason : "failed";
      await deps.db.update(documents).set({ status: "error", processingStage: "error", errorMessage: message, errorReason: reason, lastProcessedAt: new Date() }).where(where);
      deps.log.warn({ documentId: doc.id, err }, "document failed");
      return { status: "error", stage: "error", error: message };
    }
    throw err;
  }
}

/** The company's currency when nothing on the document named one (the extractor may already have used it). */
function withDefaultCurrency<E extends Extraction>(e: E, currency: string | undefined): E {
  if (e.fields.currency || !currency) return e;
  return { ...e, fields: { ...e.fields, currency: { value: currency, confidence: 0.5, source: "rules" } } };
}

/**
 * The e-invoice XML of a document whose text was saved before a crash (the XML is not stored
 * apart): an XML file is its own; a PDF read without OCR is cheaply read again for its embedded
 * file. A scanned PDF is not OCRed twice for it: its extraction comes from the text then.
 */
async function einvoiceOnResume(deps: PipelineDeps, doc: DocumentRow): Promise<Pick<DocumentText, "einvoiceXml" | "einvoiceNote">> {
  if (doc.contentType !== "application/xml" && !(doc.contentType === "application/pdf" && (doc.textSource === "text-layer" || doc.textSource === "e-invoice"))) return {};
  const bytes = await deps.storage.get(doc.storageType, doc.fileKey);
  if (doc.contentType === "application/xml") return { einvoiceXml: bytes.toString("utf8").replace(/^\uFEFF/, "") };
  const read = await deps.readText({ bytes, contentType: "application/pdf" });
  return { einvoiceXml: read.einvoiceXml, einvoiceNote: read.einvoiceNote };
}
