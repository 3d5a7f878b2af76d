// A Latin page in another language is read again with that language's model (installed from its
// @tesseract.js-data package) when its words say which language it is: its accents come back.
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { DEFAULT_TEXT_LIMITS, extractText } from "@/lib/ocr/extract-text";
import { createOcrPool, type OcrPool } from "@/lib/ocr/pool";

const FIXTURES = path.join(import.meta.dirname, "../fixtures/invoices");
const pools: OcrPool[] = [];

after(async () => {
  await Promise.all(pools.map((p) => p.terminate()));
});

async function read(pool: OcrPool, name: string) {
  const bytes = await readFile(path.join(FIXTURES, name));
  return (await extractText({ bytes, contentType: "image/png" }, { pool, limits: DEFAULT_TEXT_LIMITS })).text;
}

test("German and French scans keep their accents with the pool as installed (eng+heb); without the page's model they lose them", async () => {
  const installed = createOcrPool({ size: 1, langs: ["eng", "heb"] });
  const englishOnly = createOcrPool({ size: 1, langs: ["eng", "heb"], pageLangs: [] });
  pools.push(installed, englishOnly);

  const german = await read(installed, "de-alpenblick-scan.png");
  assert.match(german, /Bürostuhl/, german);
  const french = await read(installed, "fr-leman-scan.png");
  assert.match(french, /Lefèvre/, french);
  // An English page after them is still read right.
  assert.match(await read(installed, "en-thames-scan.png"), /Thames Print Co/);

  const lost = await read(englishOnly, "de-alpenblick-scan.png");
  assert.doesNotMatch(lost, /Bürostuhl/, lost);
});

test("a page reads the same whatever the worker read before it (a German page, a Hebrew one)", async () => {
  // One worker, so every page passes through the same Tesseract: before, a page read with the
  // German model left German in the pool's language list, and later pages read differently.
  const pool = createOcrPool({ size: 1, langs: ["eng", "heb"] });
  pools.push(pool);
  const first = await read(pool, "en-acme-scan.png");
  await read(pool, "de-alpenblick-scan.png");
  assert.equal(await read(pool, "en-acme-scan.png"), first, "after a German page");
  await read(pool, "he-galil-scan.png");
  assert.equal(await read(pool, "en-acme-scan.png"), first, "after a Hebrew page");
});
