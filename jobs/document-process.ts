import { defineJob } from "@/lib/queue";
import { documentProcessJob } from "@/lib/documents/schemas";
import { processDocument } from "@/lib/documents/pipeline";
import { extractText, DEFAULT_TEXT_LIMITS } from "@/lib/ocr/extract-text";
import { extractDocument } from "@/lib/extract/extract";
import { checkExtraction } from "@/lib/extract/checks";
import { notifyDocumentOutcome } from "@/lib/notifications/emit";
import { enqueueTriageAfterDocument } from "@/lib/triage/triage-email";
import { timeStage } from "@/lib/ops/stage-timings";

/** The document pipeline: text (text layer or OCR), fields and line items, summary, category. */
export const documentProcess = defineJob({
  ...documentProcessJob,
  // stately + singletonKey (the document id): one run at a time per document, one waiting.
  options: { policy: "stately", retryLimit: 2, retryDelay: 10, retryBackoff: true, expireInSeconds: 600, heartbeatSeconds: 30 },
  // The document lanes (DOCUMENT_CONCURRENCY, default 1): one document's pages already spread over
  // the whole OCR pool, and more at once would only hold more pages in memory and crowd fetching
  // (fetch bench: 2,000 messages took 47 s with 5 at once, 15 s with one).
  lane: "documents",
  async handler(data, ctx) {
    const ids = { documentId: data.document_id, companyId: data.company_id };
    const outcome = await timeStage("document", () => processDocument(
      {
        db: ctx.db,
        storage: ctx.storage,
        log: ctx.log,
        readText: (input, signal) => timeStage("ocr", () => extractText(input, { pool: ctx.resources.ocrPool(), limits: { ...DEFAULT_TEXT_LIMITS, ...ctx.settings.ocr.limits }, signal })),
        extract: (input) => timeStage("extract", () => extractDocument(input, { geminiApiKey: ctx.settings.gemini.apiKey, geminiBaseUrl: ctx.settings.gemini.baseUrl, model: ctx.settings.gemini.model })),
        check: checkExtraction,
      },
      ids,
      { final: ctx.attempt.final },
    ));
    // Only the run that ended the document tells people: a repeated job finds it finished and skips.
    if (outcome.status !== "skipped") await notifyDocumentOutcome(ctx, ids).catch((err) => ctx.log.warn({ err, documentId: ids.documentId }, "notification not written"));
    // Triage may be waiting for this document's type. A repeat (skipped: already finished) sends it
    // too, in case a crash came between the document's end and this line; triage decides only once.
    if (outcome.stage !== "gone") await enqueueTriageAfterDocument({ db: ctx.db, boss: ctx.boss }, ids);
    return outcome;
  },
});
