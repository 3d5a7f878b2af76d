// The thread behind analyze.ts: MIME-parses a downloaded message, hashes it and its attachments,
// and decides which attachments become documents. At normal priority, unlike document work: a
// fetch waits on it, and at BACKGROUND_NICE the thread lost the CPU to Postgres and the mail server
// (fetch bench: one niced thread busy 23 s of a 27 s fetch, the whole fetch waiting on it).
import { parentPort, type TransferListItem } from "node:worker_threads";
import { serveThreadRequests } from "../worker/thread-pool";
import { analyzeMessageHere, type MessageAnalysis } from "./analyze";

export type AnalyzeRequest = { raw: Uint8Array; maxAttachmentBytes: number };

serveThreadRequests<AnalyzeRequest, MessageAnalysis>(parentPort!, async (req) => {
  const analysis = await analyzeMessageHere(Buffer.from(req.raw.buffer, req.raw.byteOffset, req.raw.byteLength), req.maxAttachmentBytes);
  // Each kept file's bytes go back without a copy; a view into a larger buffer would send all of it, so it gets its own first.
  const transfer: TransferListItem[] = [];
  for (const d of analysis.decisions) {
    if (!d.keep) continue;
    // (Buffer.from would copy into Node's shared small-buffer pool, which cannot be transferred.)
    if (d.content.byteOffset !== 0 || d.content.byteLength !== d.content.buffer.byteLength) d.content = Buffer.from(new Uint8Array(d.content).buffer);
    if (!transfer.includes(d.content.buffer as ArrayBuffer)) transfer.push(d.content.buffer as ArrayBuffer);
  }
  return { value: analysis, transfer };
});
