// Lines Tesseract's page layout leaves out are read again (lib/ocr/missed-lines.ts): a receipt's
// grey VAT line under its bold name and its date between two dashed rules, a Hebrew receipt's
// date and amount line. Real OCR through the pool, on scans from the corpus.
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { readImage } from "@/lib/ocr/image";
import { createOcrPool } from "@/lib/ocr/pool";
import { DEFAULT_TEXT_LIMITS } from "@/lib/ocr/extract-text";

const FIXTURES = path.join(import.meta.dirname, "../fixtures/invoices");
const pool = createOcrPool({ size: 1, langs: ["eng", "heb"], pageLangs: [] });
after(() => pool.terminate());
const read = async (name: string) => (await readImage(await readFile(path.join(FIXTURES, name)), { pool, limits: DEFAULT_TEXT_LIMITS })).text;

test("a receipt's lines the layout dropped come back in their place, each once", async () => {
  const text = await read("en-quickfuel-scan.png");
  const lines = text.split("\n").filter((l) => l.trim());
  const at = (re: RegExp) => lines.findIndex((l) => re.test(l));
  assert.ok(at(/VAT No\. GB 334 5521 09/) > at(/Witney/), text);
  assert.ok(at(/2024 14:02/) > at(/Trans/) && at(/2024 14:02/) < at(/Pump 04/), text);
  assert.equal(lines.filter((l) => /TOTAL/.test(l)).length, 1, text);
});

test("on a Hebrew receipt too, and nothing is read twice on a page whose lines were all found", async () => {
  assert.match(await read("he-marom-library-scan.png"), /09\/01\/2025/);
  const techno = await read("he-techno-plus-scan.png");
  assert.equal(techno.split("\n").filter((l) => /17%/.test(l)).length, 1, techno);
});
