// Lines Tesseract's page layout left out. Its automatic segmentation (psm 3) drops a line now and
// then on receipts and faint scans: a date right-aligned between two dashed rules, a grey VAT
// line under a bold heading. The words are on the picture, but no block was found for them, so
// they never reach the text and no field can be read from them. Here, rows of ink that no word
// read covers are found on the page, cut out, stacked, and read again as plain lines; what reads
// with confidence goes back into the page where it stands.
import { distance } from "fastest-levenshtein";
import { pageText, stackRuns, toPgm, type Box, type Grey, type OcrLine, type OcrParagraph, type OcrWord } from "./numbers";

/** The second reading's settings: the strip is a stack of single lines. */
export const MISSED_LINES_PARAMS: Record<string, string> = { tessedit_pageseg_mode: "6" };

/** Bands read again per page at most, the inkiest first: a noisy photo must not cost a reading per speck. */
const MAX_BANDS = 6;
/** Share of a band's box its ink may cover: more is a tint or a bar, not letters. */
const MAX_FILL = 0.5;
/** Strokes a row through a line of words crosses, on average, at least. */
const MIN_STROKES = 3;
/** Lines and words read again are kept when Tesseract is at least this sure of each (0-100)... */
const MIN_WORD_CONFIDENCE = 50;
/** ...and of them all, on average: specks read as ":" or "i" are dropped, a faint date stays. */
const MIN_LINE_CONFIDENCE = 65;

/**
 * The page with the lines it left out put back, or undefined when none read well. `bands`: where
 * they are (missedBands, in a thread: page-prep.ts). `recognize` reads a PGM with
 * MISSED_LINES_PARAMS and returns its lines with confidences.
 */
export async function recoverMissedLines(grey: Grey, page: OcrParagraph[], bands: Box[], recognize: (strip: Buffer) => Promise<OcrParagraph[]>): Promise<OcrParagraph[] | undefined> {
  if (!bands.length) return undefined;
  const runs = bands.map((box) => ({ paragraph: -1, line: -1, words: [], box }));
  const strip = stackRuns(grey, runs);
  const reread = await recognize(await toPgm(strip.grey, 1));
  const lines = reread.flatMap((p) => p.lines);
  let out = page;
  strip.rows.forEach((row, k) => {
    const h = row.run.box.y1 - row.run.box.y0;
    const inRow = lines.filter((l) => {
      const mid = (l.bbox.y0 + l.bbox.y1) / 2;
      return mid >= row.top && mid < row.top + h;
    });
    const words: OcrWord[] = inRow
      .filter((l) => (l.confidence ?? 0) >= MIN_WORD_CONFIDENCE)
      .flatMap((l) => l.words)
      .filter((w) => (w.confidence ?? 0) >= MIN_WORD_CONFIDENCE && /[\p{L}\p{N}]/u.test(w.text))
      .map((w) => ({ ...w, bbox: shift(w.bbox, row.run.box.x0 - row.left, bands[k].y0 - row.top), symbols: w.symbols?.map((s) => ({ ...s, bbox: shift(s.bbox, row.run.box.x0 - row.left, bands[k].y0 - row.top) })) }));
    if ((words.map((w) => w.text).join("").match(/[\p{L}\p{N}]/gu)?.length ?? 0) < 3) return;
    if (words.reduce((sum, w) => sum + (w.confidence ?? 0), 0) / words.length < MIN_LINE_CONFIDENCE) return;
    if (readNearby(out, bands[k], words.map((w) => w.text))) return;
    const bbox = { x0: Math.min(...words.map((w) => w.bbox.x0)), y0: Math.min(...words.map((w) => w.bbox.y0)), x1: Math.max(...words.map((w) => w.bbox.x1)), y1: Math.max(...words.map((w) => w.bbox.y1)) };
    out = insertLine(out, { words: words.sort((a, b) => a.bbox.x0 - b.bbox.x0), bbox });
  });
  return out === page || pageText(out) === pageText(page) ? undefined : out;
}

/**
 * Whether the page already holds these words within a line or two of the band (a line's edge or
 * shading read again): most of them, give or take a letter, in one line there.
 */
function readNearby(page: OcrParagraph[], band: Box, words: string[]): boolean {
  const h = band.y1 - band.y0;
  words = words.map(bare);
  return page.some((p) =>
    p.lines.some((l) => {
      if (l.bbox.y1 < band.y0 - h || l.bbox.y0 > band.y1 + h) return false;
      const there = l.words.map((w) => bare(w.text));
      // Scraps of one or two letters say little either way.
      const telling = words.some((w) => w.length >= 3) ? words.filter((w) => w.length >= 3) : words;
      const found = telling.filter((w) => there.some((t) => distance(t, w) <= (w.length > 3 ? 1 : 0)));
      return found.length >= telling.length * 0.6;
    }),
  );
}

// Bidi marks Tesseract puts around left-to-right words in right-to-left lines.
const bare = (text: string) => text.replace(/[\u200E\u200F\u202A-\u202E]/g, "");

const shift = (b: Box, dx: number, dy: number): Box => ({ x0: b.x0 + dx, x1: b.x1 + dx, y0: b.y0 + dy, y1: b.y1 + dy });

/**
 * Bands of rows holding ink that no word read covers, about a text line high and wide enough to
 * be words: not specks, not rules, not a stray mark beside a word.
 */
export function missedBands(grey: Grey, page: OcrParagraph[]): Box[] {
  const lines = page.flatMap((p) => p.lines).filter((l) => l.words.some((w) => w.text.trim()));
  if (!lines.length) return [];
  const lineHeight = median(lines.map((l) => l.bbox.y1 - l.bbox.y0));
  if (lineHeight < 6) return [];
  const ink = inkLevel(grey);
  if (ink === undefined) return [];
  const pad = Math.ceil(lineHeight / 4);
  // Per row, the stretches covered by words read (with a little room around them).
  const covered: [number, number][][] = Array.from({ length: grey.height }, () => []);
  for (const w of lines.flatMap((l) => l.words)) {
    for (let y = Math.max(0, w.bbox.y0 - pad); y < Math.min(grey.height, w.bbox.y1 + pad); y++) covered[y].push([Math.max(0, w.bbox.x0 - pad), Math.min(grey.width, w.bbox.x1 + pad + 1)]);
  }
  const rowInk = new Array<number>(grey.height).fill(0);
  const rowFrom = new Array<number>(grey.height).fill(grey.width);
  const rowTo = new Array<number>(grey.height).fill(-1);
  const rowRuns = new Array<number>(grey.height).fill(0);
  // One pass over the pixels, with the row's covered stretches as a mask: ~30 ms for an A4 page at 300 dpi.
  const mask = new Uint8Array(grey.width);
  for (let y = 0; y < grey.height; y++) {
    mask.fill(0);
    for (const [a, b] of covered[y]) mask.fill(1, a, b);
    const base = y * grey.width;
    let inRun = false;
    for (let x = 0; x < grey.width; x++) {
      if (grey.pixels[base + x] > ink || mask[x]) {
        inRun = false;
        continue;
      }
      if (!inRun) rowRuns[y]++;
      inRun = true;
      rowInk[y]++;
      if (x < rowFrom[y]) rowFrom[y] = x;
      rowTo[y] = x;
    }
  }
  const bands: { box: Box; ink: number }[] = [];
  for (let y = 0; y < grey.height; ) {
    if (rowInk[y] < 2) {
      y++;
      continue;
    }
    let end = y;
    let total = 0;
    let runs = 0;
    let x0 = grey.width;
    let x1 = -1;
    // A gap of one row inside a line (between a letter's parts) does not end it.
    while (end < grey.height && (rowInk[end] >= 2 || (end + 1 < grey.height && rowInk[end + 1] >= 2))) {
      total += rowInk[end];
      runs += rowRuns[end];
      x0 = Math.min(x0, rowFrom[end]);
      x1 = Math.max(x1, rowTo[end]);
      end++;
    }
    const height = end - y;
    const width = x1 - x0;
    // Ink beside a line that was read, across most of it, is that line's shading or underline, not a line of its own.
    const besideRead = lines.some((l) => overlap(l.bbox.y0, l.bbox.y1, y, end) > height / 2 && overlap(l.bbox.x0, l.bbox.x1, x0, x1) > width / 2);
    // Print covers a fraction of its box; a tinted band or a bar covers most of it. And a row
    // through letters crosses several strokes; one through a rule, a tilted edge or specks, one or two.
    const solid = total > height * (width + 1) * MAX_FILL;
    const strokes = runs / height >= MIN_STROKES;
    if (!besideRead && !solid && strokes && height >= lineHeight * 0.5 && height <= lineHeight * 2.5 && width >= lineHeight * 1.5 && total >= lineHeight * lineHeight * 0.3) {
      bands.push({
        box: { x0: Math.max(0, x0 - lineHeight), x1: Math.min(grey.width, x1 + lineHeight), y0: Math.max(0, y - pad), y1: Math.min(grey.height, end + pad) },
        ink: total,
      });
    }
    y = end;
  }
  return bands
    .sort((a, b) => b.ink - a.ink)
    .slice(0, MAX_BANDS)
    .map((b) => b.box)
    .sort((a, b) => a.y0 - b.y0);
}

/** The grey level under which a pixel is ink: Otsu's threshold of the page, or undefined for a blank page. */
export function inkLevel(grey: Grey): number | undefined {
  const counts = new Array<number>(256).fill(0);
  const n = grey.width * grey.height;
  for (let i = 0; i < n; i++) counts[grey.pixels[i]]++;
  let sum = 0;
  for (let v = 0; v < 256; v++) sum += v * counts[v];
  let sumB = 0;
  let weightB = 0;
  let best = -1;
  let level: number | undefined;
  for (let v = 0; v < 256; v++) {
    weightB += counts[v];
    if (!weightB || weightB === n) continue;
    sumB += v * counts[v];
    const mB = sumB / weightB;
    const mF = (sum - sumB) / (n - weightB);
    const between = weightB * (n - weightB) * (mB - mF) ** 2;
    if (between > best) [best, level] = [between, v];
  }
  return level;
}

/** The line put where it stands: into the paragraph whose lines surround it, else as a paragraph of its own before the first one below it. */
function insertLine(page: OcrParagraph[], line: OcrLine): OcrParagraph[] {
  const mid = (line.bbox.y0 + line.bbox.y1) / 2;
  const out = page.map((p) => ({ ...p, lines: [...p.lines] }));
  const host = out.find((p) => p.lines.length > 1 && p.lines[0].bbox.y0 < mid && p.lines[p.lines.length - 1].bbox.y1 > mid && overlaps(p, line));
  if (host) {
    const at = host.lines.findIndex((l) => (l.bbox.y0 + l.bbox.y1) / 2 > mid);
    host.lines.splice(at < 0 ? host.lines.length : at, 0, line);
    return out;
  }
  const below = out.findIndex((p) => p.lines.length && p.lines[0].bbox.y0 > mid);
  out.splice(below < 0 ? out.length : below, 0, { lines: [line] });
  return out;
}

function overlaps(p: OcrParagraph, line: OcrLine): boolean {
  const x0 = Math.min(...p.lines.map((l) => l.bbox.x0));
  const x1 = Math.max(...p.lines.map((l) => l.bbox.x1));
  return Math.min(x1, line.bbox.x1) > Math.max(x0, line.bbox.x0);
}

const overlap = (a0: number, a1: number, b0: number, b1: number) => Math.max(0, Math.min(a1, b1) - Math.max(a0, b0));

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}
