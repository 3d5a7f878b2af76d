// Zeros printed with a dot inside (a till roll's monospaced font) that Tesseract reads as 6 or 8
// are put back from the page's own zeros (lib/ocr/zeros.ts); plain zeros, and the 6s and 8s of
// fonts whose zero is plain, are left as read.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { DEFAULT_TEXT_LIMITS, extractText } from "@/lib/ocr/extract-text";
import { createOcrPool, type OcrPool } from "@/lib/ocr/pool";
import { extractWithRules } from "@/lib/extract/rules";

const FIXTURES = path.join(import.meta.dirname, "../fixtures/invoices");
let pool: OcrPool;

before(() => {
  // Without page-language readings (ocr-languages.test.ts covers those): this file is about the zeros alone.
  pool = createOcrPool({ size: 1, langs: ["eng"], pageLangs: [] });
});

after(async () => {
  await pool?.terminate();
});

async function read(name: string) {
  const bytes = await readFile(path.join(FIXTURES, name));
  const text = (await extractText({ bytes, contentType: "image/png" }, { pool, limits: DEFAULT_TEXT_LIMITS })).text;
  const expected = JSON.parse(await readFile(path.join(FIXTURES, name.replace(/\.png$/, ".expected.json")), "utf8"));
  return { text, fields: extractWithRules({ text, filename: name }).fields, expected };
}

test("a till photo printed with dotted zeros: its number, date and amounts are read with zeros, not 6s and 8s", async () => {
  const it = await read("it-bar-scontrino-foto.png");
  assert.equal(it.fields.number?.value, "0117", it.text);
  assert.match(it.text, /13\/04\/2024/);
  assert.match(it.text, /20,00/);

  const pt = await read("pt-cafe-talao-foto.png");
  assert.equal(pt.fields.number?.value, "FS 2/0871", pt.text);
  assert.equal(pt.fields.tax?.value, pt.expected.tax, pt.text);
  // A real 8 in the same font stays an 8.
  assert.match(pt.text, /3,78/);
});

test("scans whose zeros are plain keep their 6s and 8s", async () => {
  for (const name of ["en-cloudnest-scan.png", "en-nordic-scan.png"]) {
    const doc = await read(name);
    assert.equal(doc.fields.number?.value, doc.expected.number, doc.text);
    assert.equal(doc.fields.total?.value, doc.expected.total, doc.text);
  }
});
