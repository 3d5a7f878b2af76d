// Zeros printed with a dot or a slash inside (till rolls, monospaced fonts). Tesseract reads many
// of them as 6 or 8 ("0117" comes out "6117", "10:05" "16:65") with a confidence of 95 and more,
// at any scale, and gives no other choice for the symbol, so no setting or second reading helps.
// What helps is the page itself: every glyph of one font looks alike, and the same page has zeros
// read right. When those zeros have ink at their centre (the dot or the slash; a plain zero's centre
// is its hole, and then nothing here changes), a 6 or 8 whose picture matches them closely, more
// closely than it matches the page's plain 6s or 8s, and that is not lopsided under a half turn,
// is a zero. 9s are left alone: on the corpus none of them was a zero, and real ones matched.
import type { Box, Grey, OcrParagraph } from "./numbers";

/** Glyphs are compared as COLS x ROWS pictures of their ink, centred and normalised. */
const COLS = 12;
const ROWS = 18;
/** Zeros needed on the page to know how its zeros look. */
const MIN_ZEROS = 3;
/** The page's zeros must match each other at least this well (one font, read cleanly). */
const ZEROS_ALIKE = 0.72;
/** A digit read as 6 or 8 is a zero when it matches the zeros this well... */
const LIKE_A_ZERO = 0.75;
/** ...and its half-turned picture matches itself at least this well (a 6 turned is a 9; a 0 is a 0). */
const HALF_TURN_SYMMETRY = 0.25;
/** Digits matching the zeros less than this are plainly not zeros: they show how the font draws its own kind. */
const PLAINLY_NOT_ZERO = 0.75;
/** How much closer to the zeros than to its own kind a digit must be. */
const CLEARER = 0.05;
/** A dotted or slashed zero: ink at its centre at least this share of the ink on its sides. */
const CENTRE_INK = 0.45;

type Glyph = { paragraph: number; line: number; word: number; index: number; text: string; picture: Float64Array };

/**
 * The page with the dotted or slashed zeros that were read as 6 or 8 put back, or undefined
 * when nothing changed (a plain zero, too few zeros to know the font, nothing that looks like one).
 */
export function mendZeros(grey: Grey, page: OcrParagraph[]): OcrParagraph[] | undefined {
  const glyphs: Glyph[] = [];
  page.forEach((paragraph, p) =>
    paragraph.lines.forEach((line, l) =>
      line.words.forEach((word, w) => {
        const syms = word.symbols;
        // Only words whose symbols spell them: a symbol's place in the text must be known.
        if (!syms || syms.map((s) => s.text).join("") !== word.text) return;
        syms.forEach((s, index) => {
          if (!/^[0-9]$/.test(s.text)) return;
          const picture = glyphPicture(grey, s.bbox, word.bbox);
          if (picture) glyphs.push({ paragraph: p, line: l, word: w, index, text: s.text, picture });
        });
      }),
    ),
  );
  const zeros = glyphs.filter((g) => g.text === "0");
  if (zeros.length < MIN_ZEROS) return undefined;
  const zero = prototype(zeros.map((g) => g.picture));
  const alike = median(zeros.map((g) => similarity(g.picture, prototype(zeros.filter((z) => z !== g).map((z) => z.picture)))));
  if (alike < ZEROS_ALIKE || !inkedCentre(zeros.map((g) => g.picture))) return undefined;

  // A real 6, 8 or 9 of a worn font can look like its zero too: it must also look more like the
  // zeros than like the page's digits of its own kind that are plainly not zeros.
  const likeZero = new Map(glyphs.map((g) => [g, similarity(g.picture, zero)]));
  const own = new Map<string, Float64Array | undefined>();
  for (const d of "68") {
    const plain = glyphs.filter((g) => g.text === d && likeZero.get(g)! < PLAINLY_NOT_ZERO).map((g) => g.picture);
    own.set(d, plain.length ? prototype(plain) : undefined);
  }
  const mended = glyphs.filter((g) => {
    if (!"68".includes(g.text)) return false;
    const c = likeZero.get(g)!;
    const mine = own.get(g.text);
    const cOwn = mine ? similarity(g.picture, mine) : -1;
    return c >= LIKE_A_ZERO && c >= cOwn + CLEARER && similarity(g.picture, halfTurn(g.picture)) >= HALF_TURN_SYMMETRY;
  });
  if (!mended.length) return undefined;
  const out: OcrParagraph[] = page.map((p) => ({ lines: p.lines.map((l) => ({ ...l, words: l.words.map((w) => ({ ...w })) })) }));
  for (const g of mended) {
    const word = out[g.paragraph].lines[g.line].words[g.word];
    word.text = `${word.text.slice(0, g.index)}0${word.text.slice(g.index + 1)}`;
  }
  return out;
}

/**
 * A glyph's ink as a normalised picture (mean 0, length 1): its box trimmed to the ink, as
 * Tesseract's symbol boxes are loose, then sampled cell by cell. Undefined for a speck.
 */
export function glyphPicture(grey: Grey, box: Box, wordBox: Box): Float64Array | undefined {
  const y0 = clamp(Math.min(box.y0, wordBox.y0), 0, grey.height), y1 = clamp(Math.max(box.y1, wordBox.y1), 0, grey.height);
  const bx0 = clamp(box.x0, 0, grey.width), bx1 = clamp(box.x1, 0, grey.width);
  if (bx1 - bx0 < 3 || y1 - y0 < 5) return undefined;
  // Ink is darker than halfway between the darkest and the lightest pixel around the glyph.
  let lo = 255, hi = 0;
  for (let y = y0; y < y1; y++)
    for (let x = bx0; x < bx1; x++) {
      const v = grey.pixels[y * grey.width + x];
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  if (hi - lo < 40) return undefined;
  const cut = (lo + hi) / 2;
  const inked = (x: number, y: number) => grey.pixels[y * grey.width + x] < cut;
  const inkedColumn = (x: number) => {
    for (let y = y0; y < y1; y++) if (inked(x, y)) return true;
    return false;
  };
  // Tesseract's symbol boxes are loose or cut short: the glyph is the run of inked columns
  // around the box's middle, unless that runs into a touching neighbour.
  let x0 = Math.round((bx0 + bx1) / 2);
  while (x0 < bx1 && !inkedColumn(x0)) x0++;
  if (x0 >= bx1) return undefined;
  let x1 = x0 + 1;
  while (x0 > 0 && inkedColumn(x0 - 1)) x0--;
  while (x1 < grey.width && inkedColumn(x1)) x1++;
  if (x1 - x0 > 1.5 * (bx1 - bx0) + 2) [x0, x1] = [bx0, bx1];
  let [tx0, tx1, ty0, ty1] = [x1, x0, y1, y0];
  for (let y = y0; y < y1; y++)
    for (let x = x0; x < x1; x++)
      if (inked(x, y)) {
        if (x < tx0) tx0 = x;
        if (x >= tx1) tx1 = x + 1;
        if (y < ty0) ty0 = y;
        if (y >= ty1) ty1 = y + 1;
      }
  const w = tx1 - tx0, h = ty1 - ty0;
  if (w < 3 || h < 5) return undefined;
  const picture = new Float64Array(COLS * ROWS);
  for (let r = 0; r < ROWS; r++)
    for (let c = 0; c < COLS; c++) {
      const sx0 = tx0 + Math.floor((c * w) / COLS), sx1 = Math.max(sx0 + 1, tx0 + Math.floor(((c + 1) * w) / COLS));
      const sy0 = ty0 + Math.floor((r * h) / ROWS), sy1 = Math.max(sy0 + 1, ty0 + Math.floor(((r + 1) * h) / ROWS));
      let sum = 0;
      for (let y = sy0; y < sy1; y++) for (let x = sx0; x < sx1; x++) sum += 255 - grey.pixels[y * grey.width + x];
      picture[r * COLS + c] = sum / ((sx1 - sx0) * (sy1 - sy0));
    }
  return normalised(picture);
}

/** The centre of the page's zeros holds ink (a dot or a slash), not paper (a plain zero's hole). */
function inkedCentre(pictures: Float64Array[]): boolean {
  const mean = new Float64Array(COLS * ROWS);
  for (const p of pictures) for (let i = 0; i < mean.length; i++) mean[i] += p[i] / pictures.length;
  const at = (r0: number, r1: number, c0: number, c1: number) => {
    let sum = 0, n = 0;
    for (let r = r0; r < r1; r++) for (let c = c0; c < c1; c++, n++) sum += mean[r * COLS + c];
    return sum / n;
  };
  const floor = Math.min(...mean);
  const centre = at(ROWS / 3, (2 * ROWS) / 3, COLS / 3, (2 * COLS) / 3) - floor;
  const sides = (at(ROWS / 3, (2 * ROWS) / 3, 0, COLS / 4) + at(ROWS / 3, (2 * ROWS) / 3, COLS - COLS / 4, COLS)) / 2 - floor;
  return sides > 0 && centre >= CENTRE_INK * sides;
}

function prototype(pictures: Float64Array[]): Float64Array {
  const sum = new Float64Array(COLS * ROWS);
  for (const p of pictures) for (let i = 0; i < sum.length; i++) sum[i] += p[i];
  return normalised(sum);
}

function normalised(v: Float64Array): Float64Array {
  const mean = v.reduce((a, b) => a + b, 0) / v.length;
  const out = v.map((x) => x - mean);
  const norm = Math.sqrt(out.reduce((a, b) => a + b * b, 0)) || 1;
  return out.map((x) => x / norm);
}

/** Correlation of two normalised pictures, -1 to 1. */
export function similarity(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

export function halfTurn(p: Float64Array): Float64Array {
  return Float64Array.from(p).reverse();
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

const clamp = (v: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, v));
