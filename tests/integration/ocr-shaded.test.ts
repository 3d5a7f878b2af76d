// Scans whose paper is tinted behind part of the page (a shaded band, a printed background) keep
// the grey labels that stand on the shade: the page-prep step marks the page and the pool reads
// it with a gentler threshold (lib/ocr/params.ts SHADED_PAGE_PARAMS).
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { preparePage } from "@/lib/ocr/page-prep";
import { createOcrPool } from "@/lib/ocr/pool";

const FIXTURES = path.join(import.meta.dirname, "../fixtures/invoices");
const pool = createOcrPool({ size: 1, langs: ["eng"], pageLangs: [] });
after(() => pool.terminate());

test("labels on a shaded band are read beside their values; read with the usual threshold they are lost", async () => {
  const { image, hints } = await preparePage(await readFile(path.join(FIXTURES, "de-alpenblick-scan.png")), "encoded", { maxPixels: 40_000_000 });
  assert.deepEqual(hints, { shaded: true });
  const gentle = await pool.recognize(Buffer.from(image), { hints });
  assert.match(gentle.text, /Rechnungsnummer[\s.:-]+VX2004419120/, gentle.text);
  const usual = await pool.recognize(Buffer.from(image));
  assert.doesNotMatch(usual.text, /Rechnungsnummer[\s.:-]+VX2004419120/, usual.text);
});

test("an evenly lit scan is not marked", async () => {
  const { hints } = await preparePage(await readFile(path.join(FIXTURES, "en-acme-scan.png")), "encoded", { maxPixels: 40_000_000 });
  assert.deepEqual(hints, { shaded: false });
});
