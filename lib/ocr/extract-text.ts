// The text stage of the document pipeline: any accepted file in, its text per page out, or a
// DocumentRejected saying why it can never be read (the pipeline then ends the document in
// `error` without retrying). Anything else thrown is transient and may be retried.
import { sniffEInvoice } from "../extract/einvoice/detect";
import { sniffImageFormat } from "./image-header";
import { readEInvoiceFile } from "./einvoice-file";
import { readImage } from "./image";
import { readPdf } from "./pdf";
import type { OcrPool } from "./pool";
import { DocumentRejected, type DocumentText, type PageText, type TextInput, type TextLimits } from "./types";

export const DEFAULT_TEXT_LIMITS: TextLimits = {
  maxPages: 50,
  maxPixelsPerPage: 40_000_000,
  maxBytes: 25 * 1024 * 1024,
  timeoutMs: 120_000,
};

export type ExtractTextOptions = {
  pool: OcrPool;
  limits: TextLimits;
  /** The caller's cancellation (worker shutdown): rethrown as is, not as a rejection. */
  signal?: AbortSignal;
};

export async function extractText(input: TextInput, opts: ExtractTextOptions): Promise<DocumentText> {
  const { bytes } = input;
  const { limits } = opts;
  if (bytes.length > limits.maxBytes) {
    throw new DocumentRejected(`the file is ${mb(bytes.length)}, over the limit of ${mb(limits.maxBytes)}`, "too_large");
  }
  opts.signal?.throwIfAborted();

  // One deadline for the whole document; when it passes, every renderer is killed and every
  // OCR job of this document cancelled (their workers are replaced), so nothing runs on.
  const deadline = new AbortController();
  const timeoutError = new DocumentRejected(`reading the document took longer than the limit of ${seconds(limits.timeoutMs)}`, "timeout");
  const timer = setTimeout(() => deadline.abort(timeoutError), limits.timeoutMs);
  const signal = opts.signal ? AbortSignal.any([opts.signal, deadline.signal]) : deadline.signal;
  const read = { pool: opts.pool, limits, signal };

  try {
    // The bytes decide, not the declared type: mail clients label files loosely.
    const kind = bytes.subarray(0, 1024).indexOf("%PDF-") >= 0 ? "pdf" : sniffEInvoice(bytes) ? "xml" : sniffImageFormat(bytes);
    // An XML e-invoice has no pages to read: its text is a rendering of the invoice, made at once.
    if (kind === "xml") return readEInvoiceFile(bytes);
    let work: Promise<{ pages: PageText[]; einvoice?: { xml?: string; note?: string } }>;
    if (kind === "pdf") work = readPdf(bytes, read);
    else if (kind === "png" || kind === "jpeg") work = readImage(bytes, read).then((page) => ({ pages: [page] }));
    else throw new DocumentRejected(`not a PDF, PNG, JPEG or e-invoice XML file (declared as ${input.contentType})`, "unsupported");
    // Whatever a step does with the signal, the answer is given at the deadline (pdf.js's thread
    // and Poppler's processes are killed by the same signal).
    work.catch(() => {});
    const { pages, einvoice } = await Promise.race([work, rejectOnAbort(signal)]);
    const ocred = pages.some((p) => p.source === "ocr");
    return {
      text: pages.map((p) => p.text).filter(Boolean).join("\n\n"),
      pages,
      // The OCR languages when any page was read by OCR; a text layer needs none.
      languages: ocred ? [...opts.pool.langs] : [],
      ...(einvoice?.xml !== undefined && { einvoiceXml: einvoice.xml }),
      ...(einvoice?.note !== undefined && { einvoiceNote: einvoice.note }),
    };
  } catch (err) {
    // Whatever a cancelled step threw (an AbortError, a killed process), the reason is the deadline
    // or the caller's signal.
    if (opts.signal?.aborted) throw opts.signal.reason;
    if (deadline.signal.aborted) throw timeoutError;
    throw err;
  } finally {
    clearTimeout(timer);
  }
}

function rejectOnAbort(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    if (signal.aborted) reject(signal.reason);
    signal.addEventListener("abort", () => reject(signal.reason), { once: true });
  });
}

const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;
const seconds = (ms: number) => (ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`);
