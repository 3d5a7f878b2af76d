// Numbers on Hebrew pages, read a second time. Tesseract's Hebrew model (Debian's
// tesseract-ocr-heb is the small "fast" LSTM) collapses Latin numbers it cannot place: "₪ 3,416.40"
// comes out as "₪ 0" with a confidence of 90, at any scale, contrast or threshold, so neither
// preprocessing the page nor Tesseract's heb+eng fallback (it tries eng only on words it doubts)
// helps. The English model reads them well. So the stretches of each line that hold numbers
// are cut out, stacked into one small picture, enlarged, and read again in one pass with only
// digits allowed (the Hebrew model's digit-only guess is then poor and Tesseract takes the
// English one). Only stretches where the first reading shows the collapse (a number of zeros
// alone) are read again, and a second reading replaces only such a number.
import sharp from "sharp";

/** Languages whose model loses digits; the second pass needs `eng` in the same worker. */
export const DIGIT_LOSING_LANGS = ["heb"];

/** The second pass's settings: one block of lines, digits and their punctuation only. */
export const NUMBER_PASS_PARAMS: Record<string, string> = {
  tessedit_pageseg_mode: "6",
  tessedit_char_whitelist: "0123456789.,/:-%",
};

export type Box = { x0: number; y0: number; x1: number; y1: number };
/** A word as read; `symbols` spell its text one by one, each with its box (when Tesseract gave them). */
export type OcrWord = { text: string; bbox: Box; symbols?: { text: string; bbox: Box }[]; /** Tesseract's, 0-100, when given. */ confidence?: number };
export type OcrLine = { words: OcrWord[]; bbox: Box; /** Tesseract's, 0-100, when given. */ confidence?: number };
/** A page as Tesseract laid it out: paragraphs of lines of words, each in reading order. */
export type OcrParagraph = { lines: OcrLine[] };

/** A stretch of one line holding numbers: its words (indices) and the box to read again. */
export type NumberRun = { paragraph: number; line: number; words: number[]; box: Box };

/** A greyscale picture, 8 bits a pixel, rows top to bottom. */
export type Grey = { width: number; height: number; pixels: Buffer };

/** The runs stacked one under another (`top`, `left` in strip pixels before `scale`). */
export type Strip = { grey: Grey; rows: { run: NumberRun; top: number; left: number }[] };

export function needsNumberPass(langs: string[]): boolean {
  return langs.includes("eng") && langs.some((l) => DIGIT_LOSING_LANGS.includes(l));
}

/**
 * The second pass over a page first read as `page` from `image` (a PGM). `recognize` reads a
 * picture with NUMBER_PASS_PARAMS. Returns the page with the lost numbers put back, or
 * undefined when nothing changed (no Hebrew, no numbers, not a PGM, nothing better read).
 */
export async function rereadNumbers(image: Buffer, page: OcrParagraph[], recognize: (strip: Buffer) => Promise<OcrParagraph[]>): Promise<OcrParagraph[] | undefined> {
  if (!page.some((p) => p.lines.some((l) => l.words.some((w) => HEBREW_LETTER.test(w.text))))) return undefined;
  const grey = parsePgm(image);
  if (!grey) return undefined;
  const runs = numberRuns(page, grey);
  if (!runs.length) return undefined;
  const strip = stackRuns(grey, runs);
  const scale = stripScale(runs);
  const reread = await recognize(await toPgm(strip.grey, scale));
  const fixed = placeNumbers(page, strip, scale, reread);
  return pageText(fixed) === pageText(page) ? undefined : fixed;
}

// ---------------------------------------------------------------------------------------------

const HEBREW_LETTER = /[\u05D0-\u05EA]/;
// Bidi marks Tesseract puts around left-to-right words in right-to-left lines.
const MARKS = /[\u200E\u200F\u202A-\u202E]/g;
const NUMERIC = /^[0-9₪$€£.,:/%-]+$/;
const DIGIT = /[0-9]/;
const CURRENCY = /[₪$€£]/;
/** The line height the English model reads numbers best at; smaller strips are enlarged. */
const TARGET_ROW_PX = 36;

const bare = (text: string) => text.replace(MARKS, "");
const digitsOf = (text: string) => text.replace(/[^0-9]/g, "");
const isNumberWord = (w: OcrWord) => NUMERIC.test(bare(w.text)) && (DIGIT.test(w.text) || CURRENCY.test(w.text));
/** "0", "₪00", "0.": what the Hebrew model leaves of a number it lost. */
const isCollapsed = (text: string) => /^0+$/.test(digitsOf(text));

/**
 * The stretches of consecutive number words (currency signs included) holding a collapsed
 * number. The first reading's box of a number it lost may cover only part of it, so each box
 * grows into the gap beside it, up to the next word or a line height, whichever is nearer.
 */
export function numberRuns(page: OcrParagraph[], size: { width: number; height: number }): NumberRun[] {
  const runs: NumberRun[] = [];
  page.forEach((paragraph, p) =>
    paragraph.lines.forEach((line, l) => {
      let current: number[] = [];
      const close = () => {
        if (current.some((i) => isCollapsed(line.words[i].text))) runs.push({ paragraph: p, line: l, words: current, box: runBox(line, current, size) });
        current = [];
      };
      line.words.forEach((w, i) => (isNumberWord(w) ? current.push(i) : close()));
      close();
    }),
  );
  return runs;
}

function runBox(line: OcrLine, words: number[], size: { width: number; height: number }): Box {
  const boxes = words.map((i) => line.words[i].bbox);
  const x0 = Math.min(...boxes.map((b) => b.x0));
  const x1 = Math.max(...boxes.map((b) => b.x1));
  const height = line.bbox.y1 - line.bbox.y0;
  const others = line.words.filter((_, i) => !words.includes(i)).map((w) => w.bbox);
  const leftWall = Math.max(x0 - height, ...others.filter((b) => b.x1 <= x0).map((b) => b.x1 + 1));
  const rightWall = Math.min(x1 + height, ...others.filter((b) => b.x0 >= x1).map((b) => b.x0 - 1));
  const pad = Math.max(2, Math.round(height * 0.15));
  return {
    x0: Math.max(0, leftWall),
    x1: Math.min(size.width, rightWall),
    y0: Math.max(0, Math.min(line.bbox.y0, ...boxes.map((b) => b.y0)) - pad),
    y1: Math.min(size.height, Math.max(line.bbox.y1, ...boxes.map((b) => b.y1)) + pad),
  };
}

/** The runs' boxes cut out and stacked, one under another, on paper of the page's own shade. */
export function stackRuns(grey: Grey, runs: NumberRun[]): Strip {
  const margin = 16;
  const crops = runs.map((run) => ({ run, w: Math.max(1, run.box.x1 - run.box.x0), h: Math.max(1, run.box.y1 - run.box.y0) }));
  const width = Math.max(...crops.map((c) => c.w)) + 2 * margin;
  const rows: Strip["rows"] = [];
  let top = margin;
  for (const c of crops) {
    rows.push({ run: c.run, top, left: margin });
    top += c.h + Math.max(margin, c.h); // a row's height of paper between rows keeps them apart
  }
  const pixels = Buffer.alloc(width * top, paperShade(grey, runs));
  crops.forEach((c, k) => {
    for (let y = 0; y < c.h; y++) {
      const from = (c.run.box.y0 + y) * grey.width + c.run.box.x0;
      grey.pixels.copy(pixels, (rows[k].top + y) * width + margin, from, from + c.w);
    }
  });
  return { grey: { width, height: top, pixels }, rows };
}

/** How much to enlarge the strip: its median row up to TARGET_ROW_PX, at most twice. */
export function stripScale(runs: NumberRun[]): number {
  const heights = runs.map((r) => r.box.y1 - r.box.y0).sort((a, b) => a - b);
  const median = heights[Math.floor(heights.length / 2)];
  return Math.min(2, Math.max(1, TARGET_ROW_PX / median));
}

// The crops are mostly paper: their median is its shade (scans are often grey, not white, and a
// white frame around grey crops would draw edges the binarization could take for strokes).
function paperShade(grey: Grey, runs: NumberRun[]): number {
  const counts = new Array<number>(256).fill(0);
  let total = 0;
  for (const { box } of runs)
    for (let y = box.y0; y < box.y1; y += 2)
      for (let x = box.x0; x < box.x1; x += 2) {
        counts[grey.pixels[y * grey.width + x]]++;
        total++;
      }
  let seen = 0;
  for (let v = 0; v < 256; v++) if ((seen += counts[v]) * 2 >= total) return v;
  return 255;
}

export async function toPgm(grey: Grey, scale: number): Promise<Buffer> {
  let { width, height, pixels } = grey;
  if (scale > 1) {
    const out = await sharp(pixels, { raw: { width, height, channels: 1 } })
      .resize({ width: Math.round(width * scale), kernel: "cubic" })
      .toColourspace("b-w")
      .raw()
      .toBuffer({ resolveWithObject: true });
    ({ width, height } = out.info);
    pixels = out.data;
  }
  return Buffer.concat([Buffer.from(`P5\n${width} ${height}\n255\n`, "latin1"), pixels]);
}

/**
 * Puts the second reading's numbers into the page where the first reading lost digits: a
 * number replaces the collapsed number word(s) it overlaps. A number over a word that was
 * read is a disagreement or two numbers run together: the first reading stays.
 */
export function placeNumbers(page: OcrParagraph[], strip: Strip, scale: number, reread: OcrParagraph[]): OcrParagraph[] {
  const found = reread.flatMap((p) => p.lines.flatMap((l) => l.words)).filter((w) => DIGIT.test(w.text));
  const out: OcrParagraph[] = page.map((p) => ({ lines: p.lines.map((l) => ({ ...l, words: [...l.words] })) }));
  for (const row of strip.rows) {
    const { run } = row;
    const rowHeight = run.box.y1 - run.box.y0;
    const line = out[run.paragraph].lines[run.line];
    const targets = run.words.filter((i) => DIGIT.test(line.words[i].text));
    const dropped = new Set<number>();
    for (const w of found) {
      const mid = (w.bbox.y0 + w.bbox.y1) / 2 / scale;
      if (mid < row.top || mid >= row.top + rowHeight) continue;
      // Back to page coordinates.
      const x0 = w.bbox.x0 / scale - row.left + run.box.x0;
      const x1 = w.bbox.x1 / scale - row.left + run.box.x0;
      const under = targets.filter((i) => overlapShare(line.words[i].bbox, x0, x1) > 0.3);
      if (!under.length) continue;
      const number = bare(w.text).replace(/^[^0-9]+|[^0-9]+$/g, "");
      const olds = under.map((i) => bare(line.words[i].text));
      if (!replaces(olds, number)) continue;
      line.words[under[0]] = { ...line.words[under[0]], text: withPunctuation(olds[0], number) };
      for (const i of under.slice(1)) dropped.add(i);
    }
    line.words = line.words.filter((_, i) => !dropped.has(i));
  }
  return out;
}

/** Whether `number` is a better reading of the first reading's words `olds` (which it covers). */
export function replaces(olds: string[], number: string): boolean {
  return olds.length > 0 && olds.every(isCollapsed) && /[1-9]/.test(number);
}

function overlapShare(b: Box, x0: number, x1: number): number {
  return Math.max(0, Math.min(b.x1, x1) - Math.max(b.x0, x0)) / Math.max(1, b.x1 - b.x0);
}

/** "₪0" read again as 825.30 is "₪825.30": the first reading's signs around the digits stay. */
function withPunctuation(old: string, number: string): string {
  const before = /^[^0-9]*/.exec(old)?.[0] ?? "";
  const after = /[^0-9]*$/.exec(old)?.[0] ?? "";
  return `${before}${number}${after}`;
}

/** Text as Tesseract writes it: words by spaces, lines by newlines, paragraphs by a blank line. */
export function pageText(page: OcrParagraph[]): string {
  return page
    .map((p) => p.lines.map((l) => l.words.map((w) => w.text).join(" ")).join("\n"))
    .filter(Boolean)
    .join("\n\n");
}

/** A binary PGM (P5, 8-bit) as Grey, or undefined for anything else. */
export function parsePgm(image: Buffer): Grey | undefined {
  const m = /^P5\s+(\d+)\s+(\d+)\s+255\s/.exec(image.subarray(0, 64).toString("latin1"));
  if (!m) return undefined;
  const [width, height] = [Number(m[1]), Number(m[2])];
  const pixels = image.subarray(m[0].length);
  return pixels.length >= width * height ? { width, height, pixels } : undefined;
}
