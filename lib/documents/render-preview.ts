// Draws the pictures the document page and the list show. PDF pages are drawn by Poppler in a
// child process (lib/ocr/pdf-raster.ts says why): a hostile file can exhaust only that process,
// and the time limit kills it outright. Its raw PPM output goes to libvips (sharp) for WebP, with
// no PNG step in between. Images are scaled down by libvips under a pixel limit checked first.
// This runs in the web process, so only a few renders run at once, and a PDF page still drawing at
// the time limit is killed (an image's work is bounded by its pixel limit instead).
import sharp from "sharp";
import { AppError } from "../errors";
import { readImageHeader } from "../ocr/image-header";
import { runTool } from "../ocr/pdf-raster";
import { DocumentRejected } from "../ocr/types";

export const PREVIEW_CONCURRENCY = 2;
/** Waiting for a turn included: a page that takes longer is not worth a person's wait. */
export const PREVIEW_TIMEOUT_MS = 20_000;
/** An image over this is not decoded (the OCR limit's default; 3 bytes a pixel, 120 MB). */
export const PREVIEW_MAX_IMAGE_PIXELS = 40_000_000;
/** A page taller than this many widths (a very long receipt) is shown down to there. */
const MAX_ASPECT = 4;
const WEBP = { quality: 80, effort: 2 } as const;

type Source = { bytes: Buffer; contentType: string };

/** Page `page` of the file as a WebP `width` pixels wide (an image no wider than it is). */
export async function renderPreview(source: Source, page: number, width: number): Promise<Buffer> {
  const signal = AbortSignal.timeout(PREVIEW_TIMEOUT_MS);
  try {
    return await slots.run(() => (source.contentType === "application/pdf" ? drawPdfPage(source.bytes, page, width, signal) : scaleImage(source.bytes, width)), signal);
  } catch (err) {
    if (err instanceof AppError) throw err;
    if (signal.aborted) throw new AppError("documents.preview_timeout", `Page ${page} took more than ${PREVIEW_TIMEOUT_MS / 1000} s to draw; open the original instead`, { status: 422 });
    if (err instanceof DocumentRejected) throw new AppError("documents.preview_failed", `Page ${page} cannot be previewed: ${err.message}`, { status: 422, cause: err });
    throw err;
  }
}

async function drawPdfPage(pdf: Buffer, page: number, width: number, signal: AbortSignal): Promise<Buffer> {
  const maxHeight = width * MAX_ASPECT;
  // Scaled to the width, cropped below maxHeight: Poppler draws only that slice, so a page of absurd size costs no more.
  const args = ["-f", String(page), "-l", String(page), "-scale-to-x", String(width), "-scale-to-y", "-1", "-x", "0", "-y", "0", "-W", String(width), "-H", String(maxHeight), "-singlefile", "-"];
  const r = await runTool("pdftoppm", args, pdf, { signal, maxOutput: width * maxHeight * 3 + 64 });
  const ppm = r.code === 0 ? parsePpm(r.stdout) : undefined;
  if (!ppm) throw new DocumentRejected("the PDF is damaged or password-protected, so Poppler could not draw the page", "corrupt");
  return sharp(ppm.pixels, { raw: { width: ppm.width, height: ppm.height, channels: 3 } }).webp(WEBP).toBuffer();
}

async function scaleImage(bytes: Buffer, width: number): Promise<Buffer> {
  const header = readImageHeader(bytes);
  if (header.width * header.height > PREVIEW_MAX_IMAGE_PIXELS) {
    throw new DocumentRejected(`the image is ${header.width} x ${header.height} pixels, over the preview limit of ${PREVIEW_MAX_IMAGE_PIXELS / 1e6} megapixels`, "too_many_pixels");
  }
  try {
    // The decoder keeps the same limit: a header can lie about the size that follows it.
    return await sharp(bytes, { limitInputPixels: PREVIEW_MAX_IMAGE_PIXELS, failOn: "error", sequentialRead: true })
      .rotate() // EXIF orientation, as any viewer shows a photo
      .resize({ width, withoutEnlargement: true })
      .webp(WEBP)
      .toBuffer();
  } catch (err) {
    throw new DocumentRejected(`the image is damaged and could not be decoded (${err instanceof Error ? err.message : String(err)})`, "corrupt");
  }
}

/** A binary PPM (P6, 8-bit RGB) as its size and pixels, or undefined when it is not one. */
function parsePpm(data: Buffer): { width: number; height: number; pixels: Buffer } | undefined {
  const m = /^P6\s+(\d+)\s+(\d+)\s+255\s/.exec(data.toString("latin1", 0, 40));
  if (!m) return undefined;
  const [width, height] = [Number(m[1]), Number(m[2])];
  const pixels = data.subarray(m[0].length);
  return width > 0 && height > 0 && pixels.length === width * height * 3 ? { width, height, pixels } : undefined;
}

/** At most `size` tasks at once; a waiter whose signal aborts leaves the queue. */
function limiter(size: number) {
  let running = 0;
  const queue: (() => void)[] = [];
  return {
    async run<T>(task: () => Promise<T>, signal: AbortSignal): Promise<T> {
      if (running < size) running++;
      else await waitTurn(queue, signal);
      try {
        return await task();
      } finally {
        // The slot passes straight to the next waiter, so no newcomer can slip in between.
        const next = queue.shift();
        if (next) next();
        else running--;
      }
    },
  };
}

function waitTurn(queue: (() => void)[], signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const start = () => {
      signal.removeEventListener("abort", giveUp);
      resolve();
    };
    const giveUp = () => {
      queue.splice(queue.indexOf(start), 1);
      reject(new AppError("documents.preview_busy", "Too many pages are being drawn right now; try again in a moment", { status: 503 }));
    };
    queue.push(start);
    signal.addEventListener("abort", giveUp, { once: true });
  });
}

const slots = limiter(PREVIEW_CONCURRENCY);
