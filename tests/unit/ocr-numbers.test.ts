// The second reading of numbers on Hebrew pages (lib/ocr/numbers.ts), without OCR: which
// stretches are cut out, how they are stacked, and when a second reading replaces the first.
import { test } from "node:test";
import assert from "node:assert/strict";
import { needsNumberPass, numberRuns, pageText, parsePgm, placeNumbers, replaces, stackRuns, type Grey, type OcrParagraph } from "@/lib/ocr/numbers";

const word = (text: string, x0: number, x1: number, y0 = 100, y1 = 120) => ({ text, bbox: { x0, y0, x1, y1 } });
const line = (...words: ReturnType<typeof word>[]) => ({ words, bbox: { x0: Math.min(...words.map((w) => w.bbox.x0)), y0: 100, x1: Math.max(...words.map((w) => w.bbox.x1)), y1: 120 } });
const page = (...lines: ReturnType<typeof line>[]): OcrParagraph[] => [{ lines }];
const blankPage = (width = 1000, height = 300, shade = 230): Grey => ({ width, height, pixels: Buffer.alloc(width * height, shade) });

// "סה"כ לתשלום ₪ 3,416.40" as the heb model reads it: right to left, the number collapsed to a narrow "0".
const TOTAL_LINE = page(line(word('סה"כ', 480, 530), word("לתשלום", 400, 470), word("0", 250, 280), word("₪", 180, 195)));

test("only pools with Hebrew and English read numbers twice", () => {
  assert.equal(needsNumberPass(["eng"]), false);
  assert.equal(needsNumberPass(["heb"]), false); // the second reading is the English model's
  assert.equal(needsNumberPass(["heb", "eng"]), true);
  assert.equal(needsNumberPass(["eng", "heb"]), true);
});

test("a run is the line's consecutive number words around a collapsed one, grown into the gaps beside it", () => {
  const runs = numberRuns(TOTAL_LINE, { width: 1000, height: 300 });
  assert.equal(runs.length, 1);
  assert.deepEqual(runs[0].words, [2, 3]);
  // Left: a line height (20 px) past the ₪; right: up to the label, not into it.
  assert.deepEqual(runs[0].box, { x0: 160, x1: 300, y0: 97, y1: 123 });
  // Numbers that were read, a currency sign alone, or words with letters make no run.
  assert.deepEqual(numberRuns(page(line(word("4,194.45", 10, 80), word("₪", 90, 100), word("3", 200, 210))), { width: 300, height: 300 }), []);
  assert.deepEqual(numberRuns(page(line(word("₪", 10, 20), word("שקל", 30, 60))), { width: 100, height: 300 }), []);
});

test("runs are stacked one under another on paper of the page's shade", () => {
  const grey = blankPage();
  grey.pixels[110 * grey.width + 250] = 0; // a stroke inside the run's box
  const runs = numberRuns(TOTAL_LINE, grey);
  const strip = stackRuns(grey, runs);
  assert.equal(strip.rows.length, 1);
  const { top, left } = strip.rows[0];
  const at = (x: number, y: number) => strip.grey.pixels[y * strip.grey.width + x];
  assert.equal(at(left + (250 - runs[0].box.x0), top + (110 - runs[0].box.y0)), 0);
  assert.equal(at(0, 0), 230);
  assert.equal(strip.grey.width, 140 + 2 * left);
});

test("a second reading replaces a collapsed number, never one that was read", () => {
  assert.equal(replaces(["0"], "3,416.40"), true);
  assert.equal(replaces(["₪00"], "825.30"), true);
  assert.equal(replaces(["0", "0"], "4,200.00"), true); // one number the first reading split
  assert.equal(replaces(["0"], "0.00"), false); // a real zero
  assert.equal(replaces(["3"], "5"), false); // a disagreement: the first reading stays
  assert.equal(replaces(["45"], "4,194.45"), false);
  assert.equal(replaces(["27/12/2024", "11:02"], "11:0227/12/2024"), false); // two numbers run together
  assert.equal(replaces(["0", "17.90"], "17.900"), false);
});

test("numbers read again go back into their words, in the line's order, signs kept", () => {
  const grey = blankPage();
  const runs = numberRuns(TOTAL_LINE, grey);
  const strip = stackRuns(grey, runs);
  const { top, left } = strip.rows[0];
  const box = runs[0].box;
  // The English reading of the strip at twice its size: "3,416.40" where the page has 205-280.
  const scale = 2;
  const at = (x0: number, x1: number) => ({ x0: (x0 - box.x0 + left) * scale, x1: (x1 - box.x0 + left) * scale, y0: (top + 3) * scale, y1: (top + 20) * scale });
  const reread: OcrParagraph[] = [{ lines: [{ bbox: at(205, 280), words: [{ text: "3,416.40", bbox: at(205, 280) }] }] }];
  assert.equal(pageText(placeNumbers(TOTAL_LINE, strip, scale, reread)), 'סה"כ לתשלום 3,416.40 ₪');

  // Where the first reading had the digits (the quantity 3), it stays whatever the second says.
  const item = page(line(word("כבל", 480, 530), word("3", 400, 410), word("0", 250, 280), word("₪", 180, 195)));
  const itemRuns = numberRuns(item, grey);
  const itemStrip = stackRuns(grey, itemRuns);
  const b = itemRuns[0].box;
  const r = itemStrip.rows[0];
  const atItem = (x0: number, x1: number) => ({ x0: x0 - b.x0 + r.left, x1: x1 - b.x0 + r.left, y0: r.top + 3, y1: r.top + 20 });
  const both: OcrParagraph[] = [{ lines: [{ bbox: atItem(205, 410), words: [{ text: "45.00", bbox: atItem(205, 280) }, { text: "5", bbox: atItem(400, 410) }] }] }];
  assert.equal(pageText(placeNumbers(item, itemStrip, 1, both)), "כבל 3 45.00 ₪");
});

test("page text joins words, lines and paragraphs as Tesseract does", () => {
  const p: OcrParagraph[] = [{ lines: [line(word("a", 0, 1), word("b", 2, 3)), line(word("c", 0, 1))] }, { lines: [line(word("d", 0, 1))] }];
  assert.equal(pageText(p), "a b\nc\n\nd");
});

test("only 8-bit binary PGMs are cut from", () => {
  const pgm = Buffer.concat([Buffer.from("P5\n3 2\n255\n", "latin1"), Buffer.from([1, 2, 3, 4, 5, 6])]);
  assert.deepEqual(parsePgm(pgm), { width: 3, height: 2, pixels: Buffer.from([1, 2, 3, 4, 5, 6]) });
  assert.equal(parsePgm(Buffer.from("\x89PNG\r\n")), undefined);
  assert.equal(parsePgm(Buffer.from("P5\n3 2\n65535\n")), undefined);
  assert.equal(parsePgm(pgm.subarray(0, pgm.length - 1)), undefined);
});
