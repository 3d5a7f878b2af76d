// Runs pdf-text-worker.ts in worker threads, one document per thread at a time. A deadline or an
// abort terminates the thread, which really stops pdf.js mid-parse (a timer in the same thread
// could not even fire), and the worker's event loop keeps ticking meanwhile (job heartbeats).
// Threads that finished are kept for the next document: starting one and loading pdf.js costs
// far more than a typical invoice's text.
import path from "node:path";
import type { Worker } from "node:worker_threads";
import { startTsThread } from "../worker/thread-pool";
import type { PdfEInvoice } from "./pdf-einvoice";
import type { PdfPageInfo } from "./pdf-text";
import type { PdfTextReply, PdfTextRequest } from "./pdf-text-worker";
import { DocumentRejected } from "./types";

export type PdfText = { numPages: number; pages: PdfPageInfo[]; einvoice: PdfEInvoice };

/** Idle threads kept for reuse; documents are read one at a time per job, so two cover a burst. */
const MAX_IDLE = 2;
/** A PDF that needs more heap than this to give up its text is rejected instead of starving the worker. */
const THREAD_HEAP_MB = 1024;
/** What pdf.js allocates per document is short-lived; V8's default young generation stayed resident between documents. */
const THREAD_YOUNG_MB = 16;

// tsx compiles lib/ to CommonJS (__dirname); the fallback covers an ESM load from the project root.
const WORKER_FILE = path.join(typeof __dirname === "string" ? __dirname : path.join(process.cwd(), "lib", "ocr"), "pdf-text-worker.ts");

const idle: Worker[] = [];
let started = 0;

/** How many threads were started so far and how many wait for work (tests check reuse with it). */
export function pdfTextThreadStats() {
  return { started, idle: idle.length };
}

/**
 * The page count and, within `maxPages`, every page's text layer and size, and the e-invoice XML
 * the PDF carries as an embedded file. Rejects with
 * DocumentRejected for a file that cannot be read, with the signal's reason once it aborts.
 */
export function readPdfText(bytes: Buffer, opts: { maxPages: number; signal?: AbortSignal }): Promise<PdfText> {
  return new Promise((resolve, reject) => {
    if (opts.signal?.aborted) return reject(opts.signal.reason);
    const worker = idle.pop() ?? startThread();
    worker.ref();
    let settled = false;
    const finish = (keep: boolean) => {
      settled = true;
      worker.off("message", onMessage).off("error", onError).off("exit", onExit);
      opts.signal?.removeEventListener("abort", onAbort);
      if (keep && idle.length < MAX_IDLE) {
        worker.unref(); // an idle thread never keeps the process alive
        idle.push(worker);
      } else {
        void worker.terminate();
      }
    };
    const onMessage = (reply: PdfTextReply) => {
      finish(true);
      if (reply.ok) resolve({ numPages: reply.numPages, pages: reply.pages, einvoice: reply.einvoice });
      else reject(reply.reason ? new DocumentRejected(reply.message, reply.reason) : new Error(`reading the PDF's text failed: ${reply.message}`));
    };
    const onError = (err: Error & { code?: string }) => {
      if (settled) return;
      finish(false);
      if (err.code === "ERR_WORKER_OUT_OF_MEMORY") reject(new DocumentRejected(`reading the PDF's text needed more than ${THREAD_HEAP_MB} MB of memory`, "too_large"));
      else reject(err);
    };
    const onExit = (code: number) => {
      if (settled) return;
      finish(false);
      reject(new Error(`the PDF text reader stopped unexpectedly (exit code ${code})`));
    };
    const onAbort = () => {
      if (settled) return;
      finish(false);
      reject(opts.signal!.reason);
    };
    worker.on("message", onMessage).on("error", onError).on("exit", onExit);
    opts.signal?.addEventListener("abort", onAbort, { once: true });
    // A copy the thread takes over: the caller's buffer stays usable (OCR renders pages from it).
    const copy = new Uint8Array(bytes);
    worker.postMessage({ bytes: copy, maxPages: opts.maxPages } satisfies PdfTextRequest, [copy.buffer]);
  });
}

/** Through ts-thread.cjs: pdf.js loaded natively, not compiled by tsx's ESM hook (~300 MB more per thread). */
function startThread(): Worker {
  const worker = startTsThread(WORKER_FILE, { resourceLimits: { maxOldGenerationSizeMb: THREAD_HEAP_MB, maxYoungGenerationSizeMb: THREAD_YOUNG_MB } });
  started++;
  // An idle thread that dies (out of memory, a crash) is simply not reused.
  worker.once("exit", () => {
    const i = idle.indexOf(worker);
    if (i >= 0) idle.splice(i, 1);
  });
  return worker;
}
