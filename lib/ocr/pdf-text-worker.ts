// The thread behind pdf-text-thread.ts: reads one PDF's text layer at a time with pdf.js, which
// parses synchronously; here a hostile file blocks only this thread, and terminating it stops it.
import { parentPort } from "node:worker_threads";
import { findEmbeddedEInvoice, type PdfEInvoice } from "./pdf-einvoice";
import { openPdf, type PdfPageInfo } from "./pdf-text";
import { DocumentRejected } from "./types";
import { lowerThisThread } from "../worker/thread-priority";

export type PdfTextRequest = { bytes: Uint8Array; maxPages: number };
export type PdfTextReply =
  | { ok: true; numPages: number; pages: PdfPageInfo[]; einvoice: PdfEInvoice }
  | { ok: false; message: string; reason?: DocumentRejected["reason"] };

// pdf.js parses at background priority: fetching comes first (thread-priority.ts).
lowerThisThread();
parentPort?.on("message", async (req: PdfTextRequest) => {
  parentPort!.postMessage(await read(req));
});

async function read(req: PdfTextRequest): Promise<PdfTextReply> {
  try {
    const doc = await openPdf(Buffer.from(req.bytes.buffer, req.bytes.byteOffset, req.bytes.byteLength));
    try {
      const pages: PdfPageInfo[] = [];
      // Over the page limit: the count alone answers, no page is read.
      if (doc.numPages <= req.maxPages) for (let n = 1; n <= doc.numPages; n++) pages.push(await doc.page(n));
      const einvoice = doc.numPages <= req.maxPages ? await findEmbeddedEInvoice(doc) : {};
      return { ok: true, numPages: doc.numPages, pages, einvoice };
    } finally {
      await doc.close().catch(() => {});
    }
  } catch (err) {
    return { ok: false, message: (err as Error)?.message ?? String(err), reason: err instanceof DocumentRejected ? err.reason : undefined };
  }
}
