// A PNG or JPEG: the size is checked from the header before anything decodes it, then it is
// decoded to greyscale (decode.ts), cleaned where it needs it (preprocess.ts), both in a thread (page-prep.ts), and read by the pool. A page turned 90/180/270 degrees is
// found by the pool (orientation.ts), and the turn that made it upright comes back as `rotation`
// (after the camera's EXIF orientation, which decoding applies as any viewer does).
import { readImageHeader } from "./image-header";
import { OcrImageUnreadable, type OcrPool } from "./pool";
import { preparePage } from "./page-prep";
import { DocumentRejected, type PageText, type TextLimits } from "./types";

export type ImageReadOptions = { pool: OcrPool; limits: TextLimits; signal?: AbortSignal };

export async function readImage(bytes: Buffer, opts: ImageReadOptions): Promise<PageText> {
  const header = readImageHeader(bytes);
  const pixels = header.width * header.height;
  if (pixels > opts.limits.maxPixelsPerPage) {
    throw new DocumentRejected(
      `the image is ${header.width} x ${header.height} pixels (${(pixels / 1e6).toFixed(1)} MP), over the limit of ${(opts.limits.maxPixelsPerPage / 1e6).toFixed(1)} MP`,
      "too_many_pixels",
    );
  }
  try {
    // Decoded and cleaned in a thread (page-prep.ts); a copy goes, as the caller keeps the file.
    const { image, hints } = await preparePage(Buffer.from(bytes), "encoded", { maxPixels: opts.limits.maxPixelsPerPage, signal: opts.signal });
    opts.signal?.throwIfAborted();
    const ocr = await opts.pool.recognize(image, { signal: opts.signal, hints });
    return { number: 1, text: ocr.text.trim(), source: "ocr", confidence: ocr.confidence, rotation: ocr.rotation };
  } catch (err) {
    if (err instanceof OcrImageUnreadable) throw new DocumentRejected(`the ${header.format.toUpperCase()} image is corrupt: ${err.message}`, "corrupt");
    throw err;
  }
}
