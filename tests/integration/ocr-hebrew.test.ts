// A Hebrew invoice, rendered right-to-left by Chromium and read with the `heb` model from a
// tessdata folder (Debian's tesseract-ocr-heb; TESSDATA_DIR or its default location).
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import path from "node:path";
import { extractText, DEFAULT_TEXT_LIMITS } from "@/lib/ocr/extract-text";
import { OcrLanguageUnavailable } from "@/lib/ocr/languages";
import { createOcrPool, type OcrPool } from "@/lib/ocr/pool";
import { HEBREW_INVOICE_LINES, startImageFactory, type ImageFactory } from "../support/images";

const TESSDATA_DIR = process.env.TESSDATA_DIR || "/usr/share/tesseract-ocr/5/tessdata";
const missing = existsSync(path.join(TESSDATA_DIR, "heb.traineddata")) ? false : `heb.traineddata is not in ${TESSDATA_DIR}: tests/setup.sh installs Debian's tesseract-ocr-heb`;

let images: ImageFactory;
let pool: OcrPool;

before(async () => {
  if (missing) return;
  images = await startImageFactory();
  pool = createOcrPool({ size: 1, langs: ["heb", "eng"], tessdataDir: TESSDATA_DIR });
});

after(async () => {
  await pool?.terminate();
  await images?.close();
});

test("a Hebrew invoice is read with heb from the tessdata folder", { skip: missing }, async () => {
  const bytes = await images.renderText({ lines: HEBREW_INVOICE_LINES, rtl: true });
  const result = await extractText({ bytes, contentType: "image/png" }, { pool, limits: DEFAULT_TEXT_LIMITS });
  const text = result.text.replace(/\s+/g, " ");
  // Logical (reading) order, as stored and searched; the numbers and the abbreviations' quotes intact.
  for (const word of ["חשבונית מס 4521", "חברת הדפוס", "12/05/2024", "נייר הדפסה", "120.00", "מעמ", "20.40", 'סה"כ לתשלום', "140.40"]) {
    assert.ok(text.includes(word), `missing ${word} in:\n${result.text}`);
  }
  assert.deepEqual(result.languages, ["heb", "eng"]);
  assert.equal(result.pages[0].rotation, 0);
});

test("a Hebrew text-layer PDF comes out in reading order, like OCR's", async () => {
  const factory = images ?? (await startImageFactory());
  try {
    const bytes = await factory.printPdf({ lines: HEBREW_INVOICE_LINES, rtl: true });
    // No page needs OCR, so this pool never starts a worker (and needs no Hebrew model).
    const textPool = createOcrPool({ size: 1, langs: ["eng"] });
    const result = await extractText({ bytes, contentType: "application/pdf" }, { pool: textPool, limits: DEFAULT_TEXT_LIMITS });
    await textPool.terminate();
    assert.equal(result.pages[0].source, "text-layer");
    // Drawn left to right as "4521 חשבונית מס"; read right to left, numbers and all.
    assert.deepEqual(result.text.split("\n"), HEBREW_INVOICE_LINES);
  } finally {
    if (!images) await factory.close();
  }
});

test("a language with no model fails at pool creation, naming it and where it was looked for", () => {
  assert.throws(
    () => createOcrPool({ langs: ["eng", "yid"], tessdataDir: TESSDATA_DIR }),
    (err: unknown) => err instanceof OcrLanguageUnavailable && err.lang === "yid" && err.message.includes(TESSDATA_DIR),
  );
});
