// Real OCR (tesseract.js workers, the bundled English model, no network) on images and PDFs
// generated here: rendered invoices, turned and photographed copies, scanned PDFs.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import path from "node:path";
import sharp from "sharp";
import { extractText, DEFAULT_TEXT_LIMITS } from "@/lib/ocr/extract-text";
import { createOcrPool, type OcrPool } from "@/lib/ocr/pool";
import { DocumentRejected, type TextInput } from "@/lib/ocr/types";
import { INVOICE_LINES, makeScannedPdf, startImageFactory, type ImageFactory } from "../support/images";

let images: ImageFactory;
let pool: OcrPool;
let invoice: Buffer; // PNG, upright

before(async () => {
  images = await startImageFactory();
  pool = createOcrPool({ size: 2, langs: ["eng"] });
  invoice = await images.renderText({ lines: INVOICE_LINES });
});

after(async () => {
  await pool?.terminate();
  await images?.close();
});

const png = (bytes: Buffer): TextInput => ({ bytes, contentType: "image/png" });
const read = (input: TextInput, limits = {}) => extractText(input, { pool, limits: { ...DEFAULT_TEXT_LIMITS, ...limits } });

/** Words a reader must find, compared without case and with OCR's spacing around punctuation tolerated. */
function assertWords(text: string, words: string[]) {
  const flat = text.toLowerCase().replace(/\s+/g, " ");
  const missing = words.filter((w) => !flat.includes(w.toLowerCase()));
  assert.deepEqual(missing, [], `missing ${JSON.stringify(missing)} in:\n${text}`);
}

const EXPECTED = ["invoice", "acme office supplies", "inv-20417", "15 march 2024", "printer paper", "subtotal", "57.50", "total due", "67.28"];

describe("images", () => {
  test("a rendered invoice is read upright with high confidence", async () => {
    const result = await read(png(invoice));
    assert.equal(result.pages.length, 1);
    const [page] = result.pages;
    assert.equal(page.source, "ocr");
    assert.equal(page.rotation, 0);
    assert.ok(page.confidence! > 80, `confidence ${page.confidence}`);
    assertWords(result.text, EXPECTED);
    assert.deepEqual(result.languages, ["eng"]);
  });

  for (const turned of [90, 180, 270] as const) {
    test(`a page turned ${turned} degrees is detected and read upright`, async () => {
      const result = await read(png(await images.transform(invoice, { rotate: turned })));
      const [page] = result.pages;
      // `rotation` is the clockwise turn that made the page upright: it undoes `turned`.
      assert.equal(page.rotation, (360 - turned) % 360);
      assertWords(result.text, EXPECTED);
    });
  }

  test("a noisy, tilted, unevenly lit photo (JPEG) is read", async () => {
    const photo = await images.transform(invoice, { tiltDegrees: 2, noise: 40, blur: 0.6, shading: true, format: "jpeg", quality: 0.7, seed: 7 });
    const result = await read({ bytes: photo, contentType: "image/jpeg" });
    assertWords(result.text, ["invoice", "acme", "inv-20417", "total", "67.28"]);
  });

  test("a camera photo stored sideways with an EXIF orientation is read as it displays", async () => {
    // Pixels stored turned a quarter left, EXIF orientation 6 ("turn right to display").
    const photo = await sharp(invoice).rotate(270).withMetadata({ orientation: 6 }).jpeg({ quality: 90 }).toBuffer();
    assert.equal((await sharp(photo).metadata()).orientation, 6);
    const result = await read({ bytes: photo, contentType: "image/jpeg" });
    assert.equal(result.pages[0].rotation, 0, "EXIF turned it upright before OCR");
    assertWords(result.text, EXPECTED);
  });

  test("dark text on a transparent background is read as on white paper", async () => {
    // The invoice's ink becomes the alpha channel of a black image: transparent where the paper was.
    const { data, info } = await sharp(invoice).greyscale().negate().raw().toBuffer({ resolveWithObject: true });
    const transparent = await sharp({ create: { width: info.width, height: info.height, channels: 3, background: "#000000" } })
      .joinChannel(data, { raw: { width: info.width, height: info.height, channels: 1 } })
      .png()
      .toBuffer();
    assert.equal((await sharp(transparent).metadata()).hasAlpha, true);
    const result = await read(png(transparent));
    assertWords(result.text, ["inv-20417", "67.28"]);
  });

  test("an image whose bytes are not what its type says is read by its bytes", async () => {
    const jpeg = await images.transform(invoice, { format: "jpeg", quality: 0.9 });
    const result = await read({ bytes: jpeg, contentType: "image/png" });
    assertWords(result.text, ["inv-20417"]);
  });
});

describe("PDFs", () => {
  test("a scanned (image-only) PDF is rendered and OCRed; its text-layer page is not", async () => {
    const scan = await images.transform(invoice, { format: "jpeg", quality: 0.85, noise: 6, seed: 3 });
    const bytes = makeScannedPdf([scan], { pageSize: [550, 400], textPages: [["Terms and conditions: payment is due within 30 days of the invoice date."]] });
    const before = pool.stats().pagesRead;
    const result = await read({ bytes, contentType: "application/pdf" });
    assert.deepEqual(result.pages.map((p) => [p.number, p.source]), [[1, "ocr"], [2, "text-layer"]]);
    assertWords(result.pages[0].text, EXPECTED);
    assert.match(result.pages[1].text, /payment is due within 30 days/);
    assert.equal(pool.stats().pagesRead, before + 1, "only the scanned page went to OCR");
    assert.deepEqual(result.languages, ["eng"]);
  });

  test("a scanned page turned upside down is read upright", async () => {
    const scan = await images.transform(invoice, { rotate: 180, format: "jpeg", quality: 0.85 });
    const result = await read({ bytes: makeScannedPdf([scan], { pageSize: [550, 400] }), contentType: "application/pdf" });
    assert.equal(result.pages[0].rotation, 180);
    assertWords(result.text, ["acme office supplies", "67.28"]);
  });
});

describe("limits and the pool", () => {
  test("the time limit rejects a document with reason timeout, and the pool reads on afterwards", async () => {
    const scan = await images.transform(invoice, { format: "jpeg", quality: 0.85 });
    const bytes = makeScannedPdf([scan, scan, scan], { pageSize: [550, 400] });
    const started = performance.now();
    const err = await read({ bytes, contentType: "application/pdf" }, { timeoutMs: 300 }).catch((e: unknown) => e);
    const ms = performance.now() - started;
    assert.ok(err instanceof DocumentRejected && err.reason === "timeout", String(err));
    assert.match(err.message, /longer than the limit of 300 ms/);
    assert.ok(ms < 1500, `rejected after ${ms} ms`);
    // The cancelled pages' workers were replaced: the next document is read as usual.
    const next = await read(png(invoice));
    assertWords(next.text, ["inv-20417"]);
    assert.ok(pool.stats().workers <= pool.size);
  });

  test("the caller's abort is passed through as is (not a rejection of the document)", async () => {
    const controller = new AbortController();
    const reason = new Error("worker shutting down");
    const pending = extractText(png(invoice), { pool, limits: DEFAULT_TEXT_LIMITS, signal: controller.signal });
    setTimeout(() => controller.abort(reason), 50);
    await assert.rejects(pending, (err: unknown) => err === reason);
  });

  test("workers are reused across documents, never more than the pool size", async () => {
    const results = await Promise.all(Array.from({ length: 4 }, () => read(png(invoice))));
    for (const r of results) assertWords(r.text, ["inv-20417"]);
    const stats = pool.stats();
    assert.ok(stats.workers >= 1 && stats.workers <= 2, JSON.stringify(stats));
    assert.equal(stats.queued, 0);
  });

  test("English was read offline: no model was downloaded or cached in the working directory", () => {
    // tesseract.js, left to its defaults, fetches eng.traineddata from a CDN and writes a copy
    // to the working directory; this machine has no internet, so reading at all proves the first.
    assert.equal(existsSync(path.join(process.cwd(), "eng.traineddata")), false);
    assert.equal(existsSync(path.join(process.cwd(), "osd.traineddata")), false);
  });
});
