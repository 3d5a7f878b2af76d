// Page preparation for OCR (decoding, preprocess.ts's cleaning) in worker threads: a 300 dpi page
// is ~9 MP of JavaScript pixel loops, which on the event loop held up IMAP downloads and job
// heartbeats. The page goes to the thread and its prepared PGM comes back without copies.
import path from "node:path";
import { createThreadPool, type ThreadPool } from "../worker/thread-pool";
import type { PagePrepRequest, PagePrepResult } from "./page-prep-worker";
import type { Box, OcrParagraph } from "./numbers";
import type { PageHints } from "./pool";
import { defaultPoolSize } from "./pool-size";
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
export async function preparePage(bytes: Buffer, format: "pgm" | "encoded", opts: { maxPixels: number; signal?: AbortSignal }): Promise<PreparedPage> {
  // A buffer sharing Node's small-buffer pool cannot be handed over: it is copied instead.
  const owned = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength;
  const data = owned ? new Uint8Array(bytes.buffer, 0, bytes.byteLength) : new Uint8Array(bytes);
  const r = await threads().run({ kind: "prepare", bytes: data, format, maxPixels: opts.maxPixels }, { transfer: [data.buffer as ArrayBuffer], signal: opts.signal });
  if (!r.ok) throw new DocumentRejected(r.message, r.reason);
  if (!("pgm" in r)) throw new Error("page preparation answered with bands");
  return { image: Buffer.from(r.pgm.buffer, r.pgm.byteOffset, r.pgm.byteLength), hints: { shaded: r.shaded } };
}

/**
 * The rows of ink on a read page that no word covers (missed-lines.ts), found in a thread: a pass
 * over every pixel of an A4 page at 300 dpi. The page stays with the caller; the thread gets a copy.
 */
export async function findMissedBands(image: Buffer, page: OcrParagraph[], signal?: AbortSignal): Promise<Box[]> {
  const pgm = new Uint8Array(image);
  // Only the boxes cross over: the letters' boxes are not needed.
  const boxes = page.map((p) => ({ lines: p.lines.map((l) => ({ bbox: l.bbox, words: l.words.map((w) => ({ text: w.text, bbox: w.bbox })) })) }));
  const r = await threads().run({ kind: "bands", pgm, page: boxes }, { transfer: [pgm.buffer as ArrayBuffer], signal });
  return r.ok && "bands" in r ? r.bands : [];
}

// One thread per OCR worker: each prepares the next page while its worker reads.
const threads = () => (pool ??= createThreadPool<PagePrepRequest, PagePrepResult>({ file: WORKER_FILE, size: defaultPoolSize() }));

/** Threads started so far (tests). */
export function pagePrepStats() {
  return pool?.stats();
}
