// Rows of right-to-left pages rebuilt from Tesseract's line boxes (lib/ocr/rows.ts), without OCR.
import { test } from "node:test";
import assert from "node:assert/strict";
import type { OcrParagraph } from "@/lib/ocr/numbers";
import { isRightToLeft, rowsText } from "@/lib/ocr/rows";

/** A line of one word per entry, its box from x0..x1 and y0..y0+h. */
const line = (text: string, x0: number, x1: number, y0: number, h = 30) => ({
  words: text.split(" ").map((t) => ({ text: t, bbox: { x0, y0, x1, y1: y0 + h } })),
  bbox: { x0, y0, x1, y1: y0 + h },
});
const block = (...lines: ReturnType<typeof line>[]): OcrParagraph => ({ lines });

// he-techno-plus-scan as Tesseract laid it out: the column of amounts is a block of its own,
// read before the labels it belongs to.
const INVOICE: OcrParagraph[] = [
  block(line("3,585.00 ₪", 100, 260, 1000), line("609.45 ₪", 120, 260, 1050)),
  block(line("4,194.45 ₪", 100, 260, 1120)),
  block(line('סה"כ לפני מע"מ', 1200, 1500, 1002), line('מע"מ 17%', 1300, 1500, 1048), line('סה"כ לתשלום', 1250, 1500, 1118)),
];

test("a label and the amount beside it, in separate blocks, come back as one row, right to left", () => {
  assert.equal(rowsText(INVOICE), 'סה"כ לפני מע"מ 3,585.00 ₪\nמע"מ 17% 609.45 ₪\nסה"כ לתשלום 4,194.45 ₪');
});

test("lines of one column never merge, even when their boxes touch", () => {
  const column = [block(line("first", 100, 400, 100, 40), line("second", 100, 400, 125, 40))];
  assert.equal(rowsText(column), "first\nsecond");
});

test("a line joins the row it shares half its height with; a tilted scan's far cells still do", () => {
  // The amount sits 12 px lower than its label (a slight tilt across the page).
  const tilted = [block(line("120.00 ₪", 100, 240, 512)), block(line("סה\"כ", 1300, 1400, 500))];
  assert.equal(rowsText(tilted), 'סה"כ 120.00 ₪');
  // 20 px lower is another row: less than half the height is shared.
  const apart = [block(line("120.00 ₪", 100, 240, 520)), block(line("סה\"כ", 1300, 1400, 500))];
  assert.equal(rowsText(apart), 'סה"כ\n120.00 ₪');
});

test("rows far apart keep a blank line between them; Tesseract's own word order in a line stays", () => {
  const page = [block(line("חשבונית מס 20517", 900, 1400, 100)), block(line("מקור", 1200, 1400, 300))];
  assert.equal(rowsText(page), "חשבונית מס 20517\n\nמקור");
  assert.equal(rowsText([]), "");
});

test("a page is right to left when most of its letters are Hebrew", () => {
  assert.equal(isRightToLeft(INVOICE), true);
  assert.equal(isRightToLeft([block(line("Invoice No 1057", 100, 500, 100), line("ספק: חברה", 100, 500, 150))]), false);
  assert.equal(isRightToLeft([block(line("120.00 45.00", 100, 500, 100))]), false);
});
