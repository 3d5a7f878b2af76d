import { and, eq } from "drizzle-orm";
import type { Db } from "../db/client";
import { documents } from "../db/schema/documents";
import { emails } from "../db/schema/mail";
import type { Logger } from "../logger";
import type { Storage } from "../storage/types";
import { DocumentRejected, type DocumentText, type TextInput } from "../ocr/types";
import type { Extraction, ExtractionCheck, ExtractionInput, Extractor } from "../extract/types";
import { STAGE_PROGRESS } from "./queries";
import { categorizeDocument } from "../categories/categorize";
import { publicErrorText } from "../errors";
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
    if (text === null) {
      await enter("ocr");
      const bytes = await deps.storage.get(doc.storageType, doc.fileKey);
      const read = await deps.readText({ bytes, contentType: doc.contentType as TextInput["contentType"] });
      text = read.text;
      const sources = new Set(read.pages.map((p) => p.source));
      await enter("extracting_basic_info", { text, pageCount: read.pages.length, textSource: sources.size > 1 ? "mixed" : (read.pages[0]?.source ?? "text-layer") });
    } else {
      await enter("extracting_basic_info");
    }

    const [email] = doc.emailId
      ? await deps.db.select({ from: emails.fromAddress, subject: emails.subject, sentAt: emails.sentAt, createdAt: emails.createdAt }).from(emails).where(eq(emails.id, doc.emailId))
      : [];
    const extraction = await deps.extract({ text, filename: doc.filename, sender: email?.from ?? undefined, subject: email?.subject ?? undefined, receivedAt: email ? (email.sentAt ?? email.createdAt) : undefined });
    await enter("basic_info_completed", { fields: extraction.fields, extractor: extraction.extractor, extractionNote: extraction.fallback_reason ?? null });
    await enter("extracting_table");
    await enter("table_completed", { lineItems: extraction.line_items });
    await enter("extracting_summary");
    const checks = deps.check(extraction);
    const reasons = reviewReasons(extraction, checks);
    await enter("all_completed", { summary: extraction.summary, checks, needsReview: reasons.length > 0, reviewReasons: reasons });
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
