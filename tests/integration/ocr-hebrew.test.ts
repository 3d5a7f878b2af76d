// A Hebrew invoice, rendered right-to-left by Chromium and read with the `heb` model of the npm
// package @tesseract.js-data/heb (nothing from apt), then its fields extracted by the rules; and
// the corpus's Hebrew scans, OCRed and extracted alike.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { checkExtraction } from "@/lib/extract/checks";
import { extractDocument } from "@/lib/extract/extract";
import { extractText, DEFAULT_TEXT_LIMITS } from "@/lib/ocr/extract-text";
import { OcrLanguageUnavailable } from "@/lib/ocr/languages";
import { createOcrPool, type OcrPool } from "@/lib/ocr/pool";
import { HEBREW_INVOICE_LINES, startImageFactory, type ImageFactory } from "../support/images";

let images: ImageFactory;
let pool: OcrPool;

before(async () => {
  images = await startImageFactory();
  pool = createOcrPool({ size: 1, langs: ["heb", "eng"] });
});

after(async () => {
  await pool?.terminate();
  await images?.close();
});

test("a Hebrew invoice is read with heb from its npm package", async () => {
  const bytes = await images.renderText({ lines: HEBREW_INVOICE_LINES, rtl: true });
  const result = await extractText({ bytes, contentType: "image/png" }, { pool, limits: DEFAULT_TEXT_LIMITS });
  const text = result.text.replace(/\s+/g, " ");
  // Logical (reading) order, as stored and searched; the numbers and the abbreviations' quotes intact.
  for (const word of ["חשבונית מס 4521", "חברת הדפוס", "12/05/2024", "נייר הדפסה", "120.00", "מעמ", "20.40", 'סה"כ לתשלום', "140.40"]) {
    assert.ok(text.includes(word), `missing ${word} in:\n${result.text}`);
  }
  assert.deepEqual(result.languages, ["heb", "eng"]);
  assert.equal(result.pages[0].rotation, 0);

  // The OCR'd text, not the lines drawn, is what the extractor reads.
  const e = await extractDocument({ text: result.text });
  const f = e.fields;
  assert.equal(e.extractor, "rules");
  assert.equal(f.document_type?.value, "invoice");
  assert.equal(f.number?.value, "4521");
  assert.equal(f.issue_date?.value, "2024-05-12");
  assert.equal(f.currency?.value, "ILS");
  assert.equal(f.vendor?.value, "חברת הדפוס בעמ");
  assert.equal(f.tax?.value, 20.4);
  assert.equal(f.total?.value, 140.4);
  // The invoice prints no subtotal line: its 120.00 is the one item, and with the VAT it makes the total.
  assert.equal(f.subtotal, undefined);
  assert.deepEqual(e.line_items, [{ description: "נייר הדפסה", quantity: null, unit_price: null, amount: 120 }]);
  assert.deepEqual(
    checkExtraction(e).map((c) => [c.name, c.ok]),
    [["line_items_sum", true]],
  );
});

test("scanned Hebrew invoices are OCRed and their amounts next to ₪ extracted as printed", async () => {
  // Beside a ₪ sign the heb model reads "₪ 5,410.30" as "₪ 0": numbers must be read again (lib/ocr/numbers.ts).
  // On he-techno-plus-scan Tesseract puts the amounts in a block of their own, away from their
  // labels: rows are rebuilt from the line boxes (lib/ocr/rows.ts).
  const dir = path.resolve(__dirname, "../fixtures/invoices");
  for (const name of ["he-galil-scan", "he-techno-plus-scan"]) {
    const expected = JSON.parse(readFileSync(path.join(dir, `${name}.expected.json`), "utf8"));
    const result = await extractText({ bytes: readFileSync(path.join(dir, `${name}.png`)), contentType: "image/png" }, { pool, limits: DEFAULT_TEXT_LIMITS });
    assert.equal(result.pages[0].source, "ocr");
    const { fields } = await extractDocument({ text: result.text });
    const got = {
      number: fields.number?.value,
      issue_date: fields.issue_date?.value,
      subtotal: fields.subtotal?.value,
      tax: fields.tax?.value,
      total: fields.total?.value,
    };
    const want = { number: expected.number, issue_date: expected.issue_date, subtotal: expected.subtotal, tax: expected.tax, total: expected.total };
    assert.deepEqual(got, want, `${name}, extracted from:\n${result.text}`);
  }
});

test("a Hebrew and English pool reads English scans with English alone, and switches back for Hebrew", async () => {
  // With both models, Tesseract lets Hebrew answer for English numbers ("Invoice No: 1057" read as "7").
  const dir = path.resolve(__dirname, "../fixtures/invoices");
  const read = async (name: string) => (await extractText({ bytes: readFileSync(path.join(dir, name)), contentType: "image/png" }, { pool, limits: DEFAULT_TEXT_LIMITS })).text;
  const english = await read("en-acme-scan.png");
  assert.match(english, /Invoice No: 1057/, english);
  assert.equal((await extractDocument({ text: english })).fields.number?.value, "1057");
  const thames = await read("en-thames-scan.png");
  assert.equal((await extractDocument({ text: thames })).fields.number?.value, "TP-7820", thames);
  // The worker now reads in English: a Hebrew line on an English invoice is still read as Hebrew.
  const mixed = await images.renderText({ lines: ["Northwind Traders Ltd", 'ספק: חברת הדפוס בע"מ', "Invoice No: INV-2291", "Total ILS 140.40"], width: 1240, height: 700, fontSize: 28 });
  const mixedText = (await extractText({ bytes: mixed, contentType: "image/png" }, { pool, limits: DEFAULT_TEXT_LIMITS })).text;
  assert.match(mixedText, /חברת הדפוס/, mixedText);
  assert.match(mixedText, /INV-2291/, mixedText);
  // And a Hebrew page is read as Hebrew.
  const hebrew = await read("he-galil-scan.png");
  assert.match(hebrew, /חשבונית/, hebrew);
  assert.equal((await extractDocument({ text: hebrew })).fields.total?.value, JSON.parse(readFileSync(path.join(dir, "he-galil-scan.expected.json"), "utf8")).total);
});

test("a Hebrew text-layer PDF comes out in reading order, like OCR's", async () => {
  const bytes = await images.printPdf({ lines: HEBREW_INVOICE_LINES, rtl: true });
  // No page needs OCR, so this pool never starts a worker (and needs no Hebrew model).
  const textPool = createOcrPool({ size: 1, langs: ["eng"] });
  const result = await extractText({ bytes, contentType: "application/pdf" }, { pool: textPool, limits: DEFAULT_TEXT_LIMITS });
  await textPool.terminate();
  assert.equal(result.pages[0].source, "text-layer");
  // Drawn left to right as "4521 חשבונית מס"; read right to left, numbers and all.
  assert.deepEqual(result.text.split("\n"), HEBREW_INVOICE_LINES);
});

test("a language with no model fails at pool creation, naming it, where it was looked for and how to add it", () => {
  const tessdata = mkdtempSync(path.join(os.tmpdir(), "mailroom-tessdata-"));
  try {
    assert.throws(
      () => createOcrPool({ langs: ["eng", "yid"], tessdataDir: tessdata }),
      (err: unknown) => err instanceof OcrLanguageUnavailable && err.lang === "yid" && err.message.includes(tessdata) && err.message.includes("npm install @tesseract.js-data/yid"),
    );
  } finally {
    rmSync(tessdata, { recursive: true, force: true });
  }
});
