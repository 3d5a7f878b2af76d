// A thermal receipt as phones send them: narrow, faded (grey print on grey paper), photographed
// at a slant. Read once as decoded and once through the text stage, which cleans it first
// (lib/ocr/preprocess.ts); both readings are scored against the text that was printed.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { decodeToGrey } from "@/lib/ocr/decode";
import { DEFAULT_TEXT_LIMITS, extractText } from "@/lib/ocr/extract-text";
import { createOcrPool, type OcrPool } from "@/lib/ocr/pool";
import { toPgm } from "@/lib/ocr/preprocess";
import { drawText } from "../support/images";

const RECEIPT = [
  "GREEN MARKET LTD",
  "12 Harbour Road",
  "Date: 14/03/2024  18:42",
  "Milk 1L           6.90",
  "Bread            12.50",
  "Eggs x12         24.00",
  "Coffee 250g      31.90",
  "TOTAL            75.30",
  "VISA ****1234",
  "Thank you!",
];

let pool: OcrPool;

before(() => {
  pool = createOcrPool({ size: 1, langs: ["eng"] });
});

after(async () => {
  await pool?.terminate();
});

test("a narrow, faded, slanted receipt is read with its total and date only after cleaning", async () => {
  const bytes = await drawText({ lines: RECEIPT, width: 250, fontSize: 11, ink: "#7c7c7c", paper: "#a6a6a6", tiltDegrees: 3 });

  const raw = (await pool.recognize(toPgm(await decodeToGrey(bytes, DEFAULT_TEXT_LIMITS.maxPixelsPerPage)))).text;
  const cleaned = (await extractText({ bytes, contentType: "image/png" }, { pool, limits: DEFAULT_TEXT_LIMITS })).text;

  for (const printed of ["75.30", "14/03/2024"]) assert.ok(cleaned.includes(printed), `cleaned reading lacks ${printed}:\n${cleaned}`);
  assert.ok(!(raw.includes("75.30") && raw.includes("14/03/2024")), `the uncleaned reading already had both:\n${raw}`);
  const rawRecall = recall(raw);
  const cleanedRecall = recall(cleaned);
  assert.ok(cleanedRecall > rawRecall + 0.2, `word recall ${rawRecall.toFixed(2)} uncleaned vs ${cleanedRecall.toFixed(2)} cleaned:\n--- uncleaned\n${raw}\n--- cleaned\n${cleaned}`);
});

/** Share of the printed words found in `text`. */
function recall(text: string): number {
  const words = RECEIPT.join(" ").split(/\s+/).filter(Boolean);
  const read = new Set(text.split(/\s+/));
  return words.filter((w) => read.has(w)).length / words.length;
}
