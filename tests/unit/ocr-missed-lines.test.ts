// Lines the page layout left out (lib/ocr/missed-lines.ts), without OCR: which rows of ink are
// read again, and where what reads well goes back into the page.
import { test } from "node:test";
import assert from "node:assert/strict";
import { inkLevel, missedBands, recoverMissedLines } from "@/lib/ocr/missed-lines";
import { pageText, parsePgm, type Grey, type OcrParagraph } from "@/lib/ocr/numbers";

const W = 600;
const H = 400;
const paper = (): Grey => ({ width: W, height: H, pixels: Buffer.alloc(W * H, 235) });
/** Letters as two strokes of ink each (3 px wide, 5 px apart), 18 px a letter, from x0 on rows y0..y0+20. */
function ink(g: Grey, x0: number, y0: number, count: number, shade = 60) {
  for (let k = 0; k < count; k++)
    for (let y = y0; y < y0 + 20; y++) for (const dx of [0, 1, 2, 8, 9, 10]) g.pixels[y * W + x0 + k * 18 + dx] = shade;
}
const word = (text: string, x0: number, x1: number, y0: number, confidence = 95) => ({ text, confidence, bbox: { x0, x1, y0, y1: y0 + 20 } });
const line = (...words: ReturnType<typeof word>[]) => ({ words, bbox: { x0: words[0].bbox.x0, x1: words[words.length - 1].bbox.x1, y0: words[0].bbox.y0, y1: words[0].bbox.y1 } });

// Three lines of ink; the first reading found the first and the last.
function page() {
  const g = paper();
  ink(g, 40, 40, 10);
  ink(g, 300, 120, 12); // a right-aligned line the layout dropped
  ink(g, 40, 200, 10);
  g.pixels[300 * W + 100] = 0; // specks and a rule are no line
  g.pixels[301 * W + 400] = 0;
  for (let x = 40; x < 560; x += 4) g.pixels[260 * W + x] = 60;
  // A tilted table rule: one short run of ink a row, over a line's height.
  for (let y = 300; y < 320; y++) for (let x = 100 + (y - 300) * 20; x < 120 + (y - 300) * 20; x++) g.pixels[y * W + x] = 60;
  const read: OcrParagraph[] = [{ lines: [line(word("QuickFuel", 40, 130, 40), word("Station", 148, 220, 40))] }, { lines: [line(word("TOTAL", 40, 130, 200), word("£62.27", 148, 220, 200))] }];
  return { g, read };
}

test("the ink level splits paper from print; a blank page has none", () => {
  const { g } = page();
  const level = inkLevel(g)!;
  assert.ok(level >= 60 && level < 235, `level ${level}`);
  assert.equal(inkLevel({ width: 10, height: 10, pixels: Buffer.alloc(100, 255) }), undefined);
});

test("a band is ink no word covers, about a line high and wide enough to be words", () => {
  const { g, read } = page();
  const bands = missedBands(g, read);
  assert.equal(bands.length, 1);
  const [b] = bands;
  assert.ok(b.y0 <= 120 && b.y1 >= 140, `rows ${b.y0}-${b.y1}`);
  assert.ok(b.x0 <= 300 && b.x1 >= 300 + 11 * 18 + 12, `columns ${b.x0}-${b.x1}`);
  // Once read, the line is no longer missed.
  const all: OcrParagraph[] = [...read, { lines: [line(word("15/10/2024", 300, 480, 120), word("14:02", 490, 510, 120))] }];
  assert.deepEqual(missedBands(g, all), []);
  // No words read at all: nothing to measure a line by, nothing guessed.
  assert.deepEqual(missedBands(g, []), []);
});

test("what reads well goes back where it stands; specks and doubtful readings do not", async () => {
  const { g, read } = page();
  let strips = 0;
  const recovered = await recoverMissedLines(g, read, missedBands(g, read), async (pgm) => {
    strips++;
    const strip = parsePgm(pgm)!;
    assert.ok(strip.width > 0 && strip.height > 0);
    // The strip's one row is at its top margin (16 px) above the band's padding.
    return [{ lines: [{ ...line(word(":", 16, 20, 20, 40), word("15/10/2024", 20, 200, 20, 80), word("14:02", 210, 260, 20, 85)), confidence: 62 }] }];
  });
  assert.equal(strips, 1);
  assert.equal(pageText(recovered!), "QuickFuel Station\n\n15/10/2024 14:02\n\nTOTAL £62.27");
  const doubtful = await recoverMissedLines(g, read, missedBands(g, read), async () => [{ lines: [{ ...line(word("ee", 20, 60, 20, 55), word("i", 70, 80, 20, 52)), confidence: 54 }] }]);
  assert.equal(doubtful, undefined);
  const unsure = await recoverMissedLines(g, read, missedBands(g, read), async () => [{ lines: [{ ...line(word("Nazwa", 20, 60, 20, 89), word("towaru", 70, 80, 20, 58)), confidence: 27 }] }]);
  assert.equal(unsure, undefined);
  // The words of a line already read, met again at its edge, are not a line of their own.
  const again = await recoverMissedLines(g, [...read, { lines: [line(word("15/10/2024", 300, 480, 90), word("14:02", 490, 510, 90))] }], missedBands(g, read), async () => [
    { lines: [{ ...line(word("15/10/2024", 20, 200, 20, 80), word("14:02", 210, 260, 20, 85)), confidence: 80 }] },
  ]);
  assert.equal(again, undefined);
});
