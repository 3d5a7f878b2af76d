// Rows of a right-to-left page, rebuilt from where Tesseract found its lines. Tesseract's layout
// analysis often takes a Hebrew invoice's column of amounts for a block of its own, so the text
// reads "סה"כ לתשלום" in one place and "4,194.45 ₪" paragraphs away, and nothing can tell which
// amount belongs to which label. Lines that sit side by side on the page are put back into one
// row, right to left, as a reader sees them. Each Tesseract line keeps its own word order.
import type { Box, OcrLine, OcrParagraph } from "./numbers";

const HEBREW_LETTER = /[\u05D0-\u05EA]/g;
const LETTER = /\p{L}/gu;

/** Whether most of a page's letters are Hebrew: its rows read right to left. */
export function isRightToLeft(page: OcrParagraph[]): boolean {
  const text = page.flatMap((p) => p.lines.flatMap((l) => l.words.map((w) => w.text))).join(" ");
  const letters = text.match(LETTER)?.length ?? 0;
  return letters > 0 && (text.match(HEBREW_LETTER)?.length ?? 0) * 2 > letters;
}

type Segment = { text: string; box: Box };
type Row = { segments: Segment[]; y0: number; y1: number };

const height = (b: { y0: number; y1: number }) => Math.max(1, b.y1 - b.y0);
const overlapY = (a: { y0: number; y1: number }, b: { y0: number; y1: number }) => Math.max(0, Math.min(a.y1, b.y1) - Math.max(a.y0, b.y0));
const overlapX = (a: Box, b: Box) => Math.max(0, Math.min(a.x1, b.x1) - Math.max(a.x0, b.x0));

/**
 * The page as rows, right to left. A line joins the row it shares at least half its height
 * with (of the smaller of the two), unless it would sit on top of a line already there: two
 * lines of one column never merge. Rows far apart (more than one and a half lines of paper between
 * them) are separated by a blank line, as Tesseract separates paragraphs.
 */
export function rowsText(page: OcrParagraph[]): string {
  const segments: Segment[] = page
    .flatMap((p) => p.lines)
    .map((line: OcrLine) => ({ text: line.words.map((w) => w.text).join(" ").trim(), box: line.bbox }))
    .filter((s) => s.text)
    .sort((a, b) => a.box.y0 + a.box.y1 - (b.box.y0 + b.box.y1));
  const rows: Row[] = [];
  for (const s of segments) {
    let best: Row | undefined;
    let bestShare = 0.5;
    for (const row of rows) {
      if (row.segments.some((o) => overlapX(o.box, s.box) > 0)) continue;
      const share = Math.max(...row.segments.map((o) => overlapY(o.box, s.box) / Math.min(height(o.box), height(s.box))));
      if (share >= bestShare) [best, bestShare] = [row, share];
    }
    if (best) {
      best.segments.push(s);
      best.y0 = Math.min(best.y0, s.box.y0);
      best.y1 = Math.max(best.y1, s.box.y1);
    } else rows.push({ segments: [s], y0: s.box.y0, y1: s.box.y1 });
  }
  rows.sort((a, b) => a.y0 + a.y1 - (b.y0 + b.y1));
  const lineHeight = median(segments.map((s) => height(s.box)));
  let out = "";
  rows.forEach((row, i) => {
    const text = row.segments
      .sort((a, b) => b.box.x1 - a.box.x1)
      .map((s) => s.text)
      .join(" ");
    if (i > 0) out += row.y0 - rows[i - 1].y1 > 1.5 * lineHeight ? "\n\n" : "\n";
    out += text;
  });
  return out;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length ? sorted[Math.floor(sorted.length / 2)] : 0;
}
