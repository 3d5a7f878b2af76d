// Page preparation for OCR (decoding, preprocess.ts's cleaning) in worker threads: a 300 dpi page
// is ~9 MP of JavaScript pixel loops, which on the event loop held up IMAP downloads and job
// heartbeats. The page goes to the thread and its prepared PGM comes back without copies.
import path from "node:path";
import { createThreadPool, type ThreadPool } from "../worker/thread-pool";
import type { PagePrepRequest, PagePrepResult } from "./page-prep-worker";
import type { PageHints } from "./pool";
import { defaultPoolSize } from "./pool";
import { DocumentRejected } from "./types";

// tsx compiles lib/ to CommonJS (__dirname); the fallback covers an ESM load from the project root.
const WORKER_FILE = path.join(typeof __dirname === "string" ? __dirname : path.join(process.cwd(), "lib", "ocr"), "page-prep-worker.ts");

let pool: ThreadPool<PagePrepRequest, PagePrepResult> | undefined;

/** A page ready for the OCR pool: its PGM, and what the pool should know of how to read it. */
export type PreparedPage = { image: Buffer; hints: PageHints };

/**
 * The page as a PGM ready for the OCR pool, never over `maxPixels`. `format`: "pgm" for Poppler's
 * rendering, "encoded" for a PNG or JPEG (decoded upright per EXIF). The input buffer is handed
 * to the thread: the caller must not use it afterwards.
 */
export async function preparePage(bytes: Buffer, format: PagePrepRequest["format"], opts: { maxPixels: number; signal?: AbortSignal }): Promise<PreparedPage> {
  // One thread per OCR worker: each prepares the next page while its worker reads.
  pool ??= createThreadPool<PagePrepRequest, PagePrepResult>({ file: WORKER_FILE, size: defaultPoolSize() });
  // A buffer sharing Node's small-buffer pool cannot be handed over: it is copied instead.
  const owned = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength;
  const data = owned ? new Uint8Array(bytes.buffer, 0, bytes.byteLength) : new Uint8Array(bytes);
  const r = await pool.run({ bytes: data, format, maxPixels: opts.maxPixels }, { transfer: [data.buffer as ArrayBuffer], signal: opts.signal });
  if (!r.ok) throw new DocumentRejected(r.message, r.reason);
  return { image: Buffer.from(r.pgm.buffer, r.pgm.byteOffset, r.pgm.byteLength), hints: { shaded: r.shaded } };
}

/** Threads started so far (tests). */
export function pagePrepStats() {
  return pool?.stats();
}
