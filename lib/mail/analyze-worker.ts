// The thread behind analyze.ts: MIME-parses a downloaded message, hashes it and its attachments,
// decides which attachments become documents and, when files go to local disk, writes them. At
// normal priority, unlike document work: a fetch waits on it, and at BACKGROUND_NICE the thread
// lost the CPU to Postgres and the mail server (fetch bench: one niced thread busy 23 s of a 27 s
// fetch, the whole fetch waiting on it).
import { parentPort, type TransferListItem } from "node:worker_threads";
import { serveThreadRequests } from "../worker/thread-pool";
import { analyzeMessageHere, storeOnDisk, type DiskStore, type MessageAnalysis, type StoredAnalysis } from "./analyze";

export type AnalyzeRequest = { raws: Uint8Array[]; maxAttachmentBytes: number; disk?: DiskStore };
/** One answer per message. `raw`: the message's bytes, back to the caller that handed them over to be stored here (`disk`) when that failed. */
export type AnalyzeReply = ((MessageAnalysis & { raw?: Uint8Array }) | StoredAnalysis)[];

// Folders this thread knows exist under the data folder.
const made = new Set<string>();

serveThreadRequests<AnalyzeRequest, AnalyzeReply>(parentPort!, async (req) => {
  const transfer: TransferListItem[] = [];
  const value: AnalyzeReply = [];
  for (const sent of req.raws) value.push(await analyzeOne(sent, req, transfer));
  return { value, transfer };
});

async function analyzeOne(sent: Uint8Array, req: AnalyzeRequest, transfer: TransferListItem[]): Promise<AnalyzeReply[number]> {
  const raw = Buffer.from(sent.buffer, sent.byteOffset, sent.byteLength);
  const analysis = await analyzeMessageHere(raw, req.maxAttachmentBytes);
  // Stored here, nothing but the decisions goes back; a failed write sends the bytes back to be stored the usual way.
  const stored = req.disk && storeOnDisk(raw, analysis, req.disk, made);
  if (stored) return stored;
  // Each kept file's bytes go back without a copy; a view into a larger buffer would send all of it, so it gets its own first.
  for (const d of analysis.decisions) {
    if (!d.keep) continue;
    // (Buffer.from would copy into Node's shared small-buffer pool, which cannot be transferred.)
    if (d.content.byteOffset !== 0 || d.content.byteLength !== d.content.buffer.byteLength) d.content = Buffer.from(new Uint8Array(d.content).buffer);
    if (!transfer.includes(d.content.buffer as ArrayBuffer)) transfer.push(d.content.buffer as ArrayBuffer);
  }
  if (!req.disk) return analysis;
  // The caller gave its bytes away to have them stored here: they go back.
  if (!transfer.includes(sent.buffer as ArrayBuffer)) transfer.push(sent.buffer as ArrayBuffer);
  return { ...analysis, raw: sent };
}
