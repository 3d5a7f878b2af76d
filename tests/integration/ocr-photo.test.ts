// A till receipt photographed on a table: dark surround, light falling off across the paper,
// grain, a slight turn. Tesseract alone keeps a line or two of such a picture (its local
// threshold and layout analysis lose the rest); the text stage flattens the lighting first
// (lib/ocr/preprocess.ts) and reads the total and the date.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { decodeToGrey } from "@/lib/ocr/decode";
import { DEFAULT_TEXT_LIMITS, extractText } from "@/lib/ocr/extract-text";
import { createOcrPool, type OcrPool } from "@/lib/ocr/pool";
import { toPgm } from "@/lib/ocr/preprocess";
import { extractWithRules } from "@/lib/extract/rules";
import { drawText, photograph } from "../support/images";

const RECEIPT = [
  "CAFE CENTRAL",
  "Calle Mayor 12, Madrid",
  "Ticket 4471",
  "Fecha: 18/09/2024 09:12",
  "Cafe con leche    2,45",
  "Tostada           3,15",
  "Zumo naranja      3,75",
  "TOTAL            9,35",
  "Gracias por su visita",
];

let pool: OcrPool;

before(() => {
  pool = createOcrPool({ size: 1, langs: ["eng"] });
});

after(async () => {
  await pool?.terminate();
});

test("a photographed receipt (dark table, uneven light, grain, tilt) is read with its total and date", async () => {
  const bytes = await photograph(await drawText({ lines: RECEIPT, width: 300, fontSize: 13, ink: "#5a5a5a", paper: "#e0e0e0" }), { grain: 60, tiltDegrees: 2 });

  const raw = (await pool.recognize(toPgm(await decodeToGrey(bytes, DEFAULT_TEXT_LIMITS.maxPixelsPerPage)))).text;
  const read = (await extractText({ bytes, contentType: "image/png" }, { pool, limits: DEFAULT_TEXT_LIMITS })).text;

  const fields = (text: string) => {
    const e = extractWithRules({ text, filename: "ticket.png" });
    return { total: e.fields.total?.value, date: e.fields.issue_date?.value };
  };
  assert.deepEqual(fields(read), { total: 9.35, date: "2024-09-18" }, `read by the text stage:\n${read}`);
  const unflattened = fields(raw);
  assert.ok(!(unflattened.total === 9.35 && unflattened.date === "2024-09-18"), `the picture read as it is already gave both:\n${raw}`);
});
