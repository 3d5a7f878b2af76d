// The thread behind page-prep.ts: decodes a page (a PNG or JPEG, or Poppler's PGM) and cleans it
// for OCR (preprocess.ts, whose pixel loops are plain JavaScript), and after reading finds the rows
// of ink the reading missed (missed-lines.ts), at background priority.
import { parentPort } from "node:worker_threads";
import { serveThreadRequests } from "../worker/thread-pool";
import { lowerThisThread } from "../worker/thread-priority";
import { decodeToGrey } from "./decode";
import { fromPgm, prepareForOcr, toPgm } from "./preprocess";
import { missedBands } from "./missed-lines";
import { parsePgm, type Box, type OcrParagraph } from "./numbers";
import { DocumentRejected } from "./types";

export type PagePrepRequest = { kind: "prepare"; bytes: Uint8Array; format: "pgm" | "encoded"; maxPixels: number } | { kind: "bands"; pgm: Uint8Array; page: OcrParagraph[] };
export type PagePrepResult =
  | { ok: true; pgm: Uint8Array; shaded: boolean }
  | { ok: true; bands: Box[] }
  | { ok: false; message: string; reason: DocumentRejected["reason"] };

lowerThisThread();
serveThreadRequests<PagePrepRequest, PagePrepResult>(parentPort!, async (req) => {
  if (req.kind === "bands") {
    const grey = parsePgm(Buffer.from(req.pgm.buffer, req.pgm.byteOffset, req.pgm.byteLength));
    return { value: { ok: true, bands: grey ? missedBands(grey, req.page) : [] } };
  }
  const bytes = Buffer.from(req.bytes.buffer, req.bytes.byteOffset, req.bytes.byteLength);
  try {
    const grey = req.format === "pgm" ? fromPgm(bytes) : await decodeToGrey(bytes, req.maxPixels);
    const { image, steps } = await prepareForOcr(grey, req.maxPixels);
    const pgm = toPgm(image);
    return { value: { ok: true, pgm, shaded: steps.shaded }, transfer: pgm.byteOffset === 0 && pgm.byteLength === pgm.buffer.byteLength ? [pgm.buffer as ArrayBuffer] : undefined };
  } catch (err) {
    // A page that can never be read is an answer, not a failure of the thread.
    if (err instanceof DocumentRejected) return { value: { ok: false, message: err.message, reason: err.reason } };
    throw err;
  }
});
