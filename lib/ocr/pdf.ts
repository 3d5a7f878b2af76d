// A PDF's text, page by page: the text layer where a page has one; pages without (scans, or
// pages with only a stray footer) are rendered and OCRed. Limits are checked before the work
// they limit: the page count right after opening, an embedded image's size before rendering.
import { EInvoiceError, readEInvoice, renderEInvoiceText } from "../extract/einvoice/index";
import type { PdfEInvoice } from "./pdf-einvoice";
import type { OcrPool } from "./pool";
import { listPdfImages, renderPdfPage, type PdfImageInfo } from "./pdf-raster";
import { preparePage } from "./page-prep";
import type { PdfPageInfo } from "./pdf-text";
import { readPdfText } from "./pdf-text-thread";
import { DocumentRejected, type PageText, type TextLimits } from "./types";

/**
 * Fewer letters and digits than this and the page is read by OCR. High enough that a scan
 * carrying only a stamped "Page 1 of 2" or a scanner app's watermark line is still OCRed; a
 * digital page this short OCRs to the same words, only slower.
 */
export const MIN_TEXT_LAYER_CHARS = 40;

/** Render resolution: a scan's own resolution within these bounds, vector-only pages at the top. */
const MIN_DPI = 150;
const MAX_DPI = 300;

export type PdfReadOptions = { pool: OcrPool; limits: TextLimits; signal?: AbortSignal };

/**
 * The pages' text and the e-invoice XML the PDF carries. A PDF whose embedded e-invoice reads
 * well is not OCRed: its XML says everything exactly; a page without text shows the XML's rendering.
 */
export async function readPdf(bytes: Buffer, opts: PdfReadOptions): Promise<{ pages: PageText[]; einvoice: PdfEInvoice }> {
  checkStructure(bytes);
  const doc = await readPdfText(bytes, { maxPages: opts.limits.maxPages, signal: opts.signal });
  if (doc.numPages > opts.limits.maxPages) {
    throw new DocumentRejected(`the PDF has ${doc.numPages} pages, over the limit of ${opts.limits.maxPages}`, "too_many_pages");
  }
  if (doc.numPages < 1) throw new DocumentRejected("the PDF has no pages", "corrupt");

  const infos = doc.pages;
  const pages: PageText[] = infos.map((p) => ({ number: p.number, text: p.text, source: "text-layer" }));
  const scans = infos.filter((p) => meaningfulChars(p.text) < MIN_TEXT_LAYER_CHARS);
  const rendered = scans.length && doc.einvoice.xml ? renderedEInvoice(doc.einvoice.xml) : undefined;
  if (rendered !== undefined) {
    if (!pages.some((p) => meaningfulChars(p.text) > 0)) pages[0] = { number: 1, text: rendered, source: "e-invoice" };
  } else if (scans.length) {
    await ocrPages(bytes, scans, pages, opts);
  }
  return { pages, einvoice: doc.einvoice };
}

/** The e-invoice as text, or undefined when it does not read (the pages are then OCRed as usual). */
function renderedEInvoice(xml: string): string | undefined {
  try {
    return renderEInvoiceText(readEInvoice(xml));
  } catch (err) {
    if (err instanceof EInvoiceError) return undefined;
    throw err;
  }
}

/** Renders and reads `scans`, a few at a time, writing into `pages`. */
async function ocrPages(bytes: Buffer, scans: PdfPageInfo[], pages: PageText[], opts: PdfReadOptions): Promise<void> {
  const images = await listPdfImages(bytes, opts.signal);
  // One page more than there are workers: the next page renders while every worker reads.
  // A failed page stops the others (their renderers are killed, their OCR jobs cancelled).
  const stop = new AbortController();
  const signal = opts.signal ? AbortSignal.any([opts.signal, stop.signal]) : stop.signal;
  const todo = [...scans];
  const lane = async () => {
    for (let page = todo.shift(); page; page = todo.shift()) {
      signal.throwIfAborted();
      const dpi = renderDpi(page, images, opts.limits.maxPixelsPerPage);
      const rendered = await renderPdfPage(bytes, page.number, dpi, { signal, maxPixels: opts.limits.maxPixelsPerPage });
      // A scanned receipt or photo inside a PDF needs the same cleaning as one sent as a picture (in a thread: page-prep.ts).
      const { image, hints } = await preparePage(rendered, "pgm", { maxPixels: opts.limits.maxPixelsPerPage, signal });
      signal.throwIfAborted();
      const ocr = await opts.pool.recognize(image, { signal, hints });
      const layerText = page.text;
      // A few words of text layer (a footer) are part of what OCR reads off the whole page.
      pages[page.number - 1] =
        ocr.text.trim() || !layerText
          ? { number: page.number, text: ocr.text.trim(), source: "ocr", confidence: ocr.confidence, rotation: ocr.rotation }
          : { number: page.number, text: layerText, source: "text-layer" };
    }
  };
  const lanes = Array.from({ length: Math.min(scans.length, opts.pool.size + 1) }, lane);
  try {
    await Promise.all(lanes.map((p) => p.catch((err) => (stop.abort(err), Promise.reject(err)))));
  } catch (err) {
    // Report why the first lane failed, not the cancellations it caused in the others.
    throw opts.signal?.aborted ? opts.signal.reason : stop.signal.aborted ? stop.signal.reason : err;
  }
}

/**
 * The dpi to render a page at: its largest image's own resolution (so a 200 dpi scan is not
 * blown up to 300, which reads worse and slower), clamped to [150, 300], lowered until the page
 * fits the pixel limit. An embedded image that alone is over the limit rejects the document.
 */
export function renderDpi(page: PdfPageInfo, images: PdfImageInfo[], maxPixels: number): number {
  const largest = images.filter((i) => i.page === page.number).sort((a, b) => b.width * b.height - a.width * a.height)[0];
  if (largest && largest.width * largest.height > maxPixels) {
    throw new DocumentRejected(
      `page ${page.number} holds an image of ${largest.width} x ${largest.height} pixels, over the limit of ${maxPixels} pixels per page`,
      "too_many_pixels",
    );
  }
  const wanted = largest && largest.ppi > 0 ? Math.min(MAX_DPI, Math.max(MIN_DPI, largest.ppi)) : MAX_DPI;
  const areaIn = (page.widthPt / 72) * (page.heightPt / 72);
  const fits = Math.sqrt(maxPixels / Math.max(areaIn, 1e-6));
  return Math.max(1, Math.floor(Math.min(wanted, fits)));
}

/**
 * Cheap checks before parsing: a PDF header, and the end-of-file marker a complete file ends
 * with. pdf.js repairs a cut-off file where it can, which would silently lose its last pages.
 */
function checkStructure(bytes: Buffer): void {
  if (bytes.subarray(0, 1024).indexOf("%PDF-") < 0) throw new DocumentRejected("not a PDF: the file has no %PDF- header", "corrupt");
  // Some writers leave whitespace or padding after the marker: look in the last 4 KB.
  if (bytes.subarray(Math.max(0, bytes.length - 4096)).indexOf("%%EOF") < 0) {
    throw new DocumentRejected("the PDF is truncated or corrupt: it does not end with the %%EOF marker of a complete file", "corrupt");
  }
}

function meaningfulChars(text: string): number {
  return text.match(/[\p{L}\p{N}]/gu)?.length ?? 0;
}
