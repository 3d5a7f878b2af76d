// What storing needs from a downloaded message: its hash, its parsed headers and body, and each
// attachment's decision (kept as a document, with its hash, or skipped and why). Large messages
// are analysed in worker threads: MIME parsing, base64 decoding and hashing a message with a
// PDF took the event loop that speaks IMAP and Postgres milliseconds per message, thousands of
// times in a big fetch. Small ones are quicker done here than sent to a thread.
import { createHash } from "node:crypto";
import path from "node:path";
import { env } from "../env";
import type { AccountFilters } from "../db/schema/accounts";
import { documentKey, rawEmailKey } from "../storage/keys";
import { putLocalFileSync } from "../storage/local";
import { createThreadPool, type ThreadPool } from "../worker/thread-pool";
import { applyFilenameFilters, decideAttachment, parseMessage, uniqueKept, withoutContent, type AttachmentDecision, type KeptAttachment, type ParsedMessage, type SkippedAttachment } from "./parse";
import type { AnalyzeReply, AnalyzeRequest } from "./analyze-worker";

/** `parsed` without its parts: the decisions carry what storing needs of them. */
export type MessageAnalysis = { rawSha256: string; parsed?: Omit<ParsedMessage, "parts">; parseError?: string; decisions: AttachmentDecision[] };

/**
 * Where the thread writes a message's files itself when they go straight to local disk
 * (Storage.localRoot): the bytes are already there, and writing them from the event loop cost it
 * a promise chain and four thread-pool round trips per file (fetch bench: its largest cost after SQL).
 */
export type DiskStore = { root: string; companyId: string; filters: AccountFilters };
/** A message whose files the thread stored on local disk: its decisions final (file name filters applied), without their bytes. */
export type StoredAnalysis = Omit<MessageAnalysis, "decisions"> & { decisions: (KeptAttachment | SkippedAttachment)[]; stored: "local" };

/** Messages under this are analysed on the event loop: sending them to a thread costs more. */
export const THREAD_MIN_BYTES = 32 * 1024;

// tsx compiles lib/ to CommonJS (__dirname); the fallback covers an ESM load from the project root.
const WORKER_FILE = path.join(typeof __dirname === "string" ? __dirname : path.join(process.cwd(), "lib", "mail"), "analyze-worker.ts");

// A message's bytes live outside the V8 heap (Buffers); what the parser allocates on it is short-lived.
// V8's default young generation (up to 3 x 16 MB semi-spaces per thread) stayed resident between
// messages; 16 MB in all is enough for one message at a time.
const THREAD_LIMITS = { maxYoungGenerationSizeMb: 16 };

let pool: ThreadPool<AnalyzeRequest, AnalyzeReply> | undefined;

/** What analyzeMessages answers for each message: the analysis and the bytes still to store, or an analysis whose files are stored. */
export type Analysed = { analysis: MessageAnalysis; raw: Buffer } | { analysis: StoredAnalysis };

/**
 * Messages analysed, the large ones in a thread (MAIL_PARSE_THREADS of them). Given `disk`, that
 * thread also stores their files, and a message that owns its memory goes to it without a copy:
 * the caller's `raw` is then empty, and the bytes come back (`raw`) if the thread could not write
 * them. Without `disk`, a copy goes and `raw` is the caller's.
 */
export async function analyzeMessages(raws: Buffer[], maxAttachmentBytes: number, disk?: DiskStore): Promise<Analysed[]> {
  // Decided before any is handed over: a message given to a thread leaves an empty buffer behind,
  // which, read again, looked small and was analysed here too; landing after the thread's answer,
  // that analysis replaced it, and storing its emptied bytes failed the batch.
  const inThreadAt = raws.map((raw) => raw.length >= THREAD_MIN_BYTES);
  const large = raws.flatMap((_, i) => (inThreadAt[i] ? [i] : []));
  const out: Analysed[] = new Array(raws.length);
  // The large ones go together, a share to each thread: one request a message woke the thread and
  // the event loop for each, and the thread idled between messages until the event loop answered.
  const threads = Math.min(env().MAIL_PARSE_THREADS, large.length);
  const shares = Array.from({ length: threads }, (_, t) => large.filter((_, k) => k % threads === t));
  await Promise.all([
    ...shares.map(async (share) => {
      const answers = await inThread(share.map((i) => raws[i]), maxAttachmentBytes, disk);
      share.forEach((i, k) => (out[i] = answers[k]));
    }),
    ...raws.map(async (raw, i) => {
      if (!inThreadAt[i]) out[i] = { analysis: await analyzeMessageHere(raw, maxAttachmentBytes), raw };
    }),
  ]);
  return out;
}

async function inThread(raws: Buffer[], maxAttachmentBytes: number, disk: DiskStore | undefined): Promise<Analysed[]> {
  pool ??= createThreadPool<AnalyzeRequest, AnalyzeReply>({ file: WORKER_FILE, size: env().MAIL_PARSE_THREADS, resourceLimits: THREAD_LIMITS });
  // Handed over, not cloned: 2,000 messages copied for their thread were 260 MB of allocations, each
  // 64 MB of them a full collection of the event loop's heap.
  const sent = raws.map((raw) => {
    const owned = disk && raw.byteOffset === 0 && raw.byteLength === raw.buffer.byteLength && raw.buffer instanceof ArrayBuffer;
    return owned ? new Uint8Array(raw.buffer) : new Uint8Array(raw);
  });
  // Each memory once: a transfer list naming one twice is refused.
  const replies = await pool.run({ raws: sent, maxAttachmentBytes, disk }, { transfer: [...new Set(sent.map((u) => u.buffer as ArrayBuffer))] });
  return replies.map((a, k) => {
    if ("stored" in a) return { analysis: a };
    const { raw: back, ...analysis } = a;
    // Bytes come back from a thread as plain Uint8Arrays: Buffers again, as the rest of the code expects.
    for (const d of analysis.decisions) if (d.keep) d.content = asBuffer(d.content);
    return { analysis, raw: back ? asBuffer(back) : raws[k] };
  });
}

const asBuffer = (b: Uint8Array) => Buffer.from(b.buffer, b.byteOffset, b.byteLength);

/**
 * Writes the message and each kept attachment under `disk.root` as the local driver's put would
 * (content-addressed, written then renamed). Undefined when a write fails: the caller then stores
 * the files the usual way, which reports the failure as storage's.
 */
export function storeOnDisk(raw: Uint8Array, a: MessageAnalysis, disk: DiskStore, made: Set<string>): StoredAnalysis | undefined {
  const decisions = a.decisions.map((d) => applyFilenameFilters(d, disk.filters));
  try {
    putLocalFileSync(disk.root, rawEmailKey(disk.companyId, a.rawSha256), raw, made);
    for (const d of uniqueKept(decisions)) putLocalFileSync(disk.root, documentKey(disk.companyId, d.sha256), d.content, made);
  } catch {
    return undefined;
  }
  return { ...a, decisions: decisions.map(withoutContent), stored: "local" };
}

/** The same analysis on the calling thread. */
export async function analyzeMessageHere(raw: Buffer, maxAttachmentBytes: number): Promise<MessageAnalysis> {
  const rawSha256 = createHash("sha256").update(raw).digest("hex");
  let parsed: ParsedMessage | undefined;
  let parseError: string | undefined;
  try {
    parsed = await parseMessage(raw);
  } catch (err) {
    parseError = `The message could not be parsed: ${(err as Error).message}`;
  }
  const decisions = (parsed?.parts ?? []).map((p, i) => decideAttachment(p, i, { maxBytes: maxAttachmentBytes }));
  if (!parsed) return { rawSha256, parseError, decisions };
  const { parts: _parts, ...rest } = parsed;
  return { rawSha256, parsed: rest, decisions };
}

/** Threads started so far (tests). */
export function analyzeThreadStats() {
  return pool?.stats();
}
