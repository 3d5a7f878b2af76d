// Cleans a greyscale picture before OCR, for what phones and thermal printers hand us: photos of
// paper on a table under uneven light, faded receipts (grey text on grey paper), photos held at a
// slant, narrow slips whose text is a few pixels tall, speckle. Each step runs only when a measurement says the page needs it, so a clean
// 300 dpi scan costs two histograms and two small working copies (10-30 milliseconds) and reaches
// Tesseract unchanged. Measuring happens on a copy at most WORK_SIZE pixels on a side; pixel
// loops are plain JavaScript over a Uint8Array, resampling and rotation are libvips (sharp).
import sharp, { type Sharp } from "sharp";

export type GreyImage = { data: Buffer; width: number; height: number };

/** What was done to a page, for logs and tests. */
export type Preparation = { flattened: boolean; shaded: boolean; stretched: boolean; skewDegrees: number; rotated: boolean; scale: number; denoised: boolean };

/**
 * Paper brighter in one place than another by more than this (of 255) is a photo: uneven light,
 * or a dark table around the paper. It takes its own path (preparePhoto), because Tesseract's
 * own binarisation (Sauvola, params.ts) and its layout analysis keep only a line or two of such a
 * page as it is. Scans have even paper (spread under 10).
 */
export const UNEVEN_BACKGROUND = 60;
/**
 * Paper varying by more than this (but not past UNEVEN_BACKGROUND) is a shaded page: a tinted band
 * or a printed background behind part of it. It is read with a gentler threshold (params.ts
 * SHADED_PAGE_PARAMS). Even scans measure 0-5; the corpus's shaded scans 17.
 */
export const SHADED_BACKGROUND = 10;
/** Background blocks per side of the working copy: larger than a line of text, smaller than a shadow. */
const BACKGROUND_BLOCKS = 40;

/**
 * Ink and paper closer than this (of 255) is a faded page: stretched to full contrast. Not higher:
 * grey scans (ink 85-120, paper 238) read as they are, and stretched lost amounts.
 */
export const LOW_CONTRAST = 100;
/** Skew searched within ± this many degrees; a photo tilted further is beyond a deskew. */
export const MAX_SKEW = 8;
/**
 * Tesseract's own layout analysis copes with less tilt than this; above it the page is turned
 * straight. Not lower: the fixture scans tilted 0.6-0.8 degrees read worse resampled (a Hebrew
 * invoice lost its subtotal) than as they were.
 */
export const MIN_SKEW = 1;
/**
 * Text with an x-height under this is too small to read well; it is scaled up to TARGET_X_HEIGHT.
 * Not higher: scans with 12-13 px text read well as they are, and scaled up, Tesseract's layout
 * analysis split their label and amount columns apart ("Total" lines away from "$178.43").
 */
export const MIN_X_HEIGHT = 10;
/** Tesseract reads best around this x-height (pixels). */
export const TARGET_X_HEIGHT = 30;
/**
 * A photo's text with an x-height under this is scaled up to TARGET_X_HEIGHT. Higher than a
 * scan's MIN_X_HEIGHT: a photo's strokes are soft and grainy, and the 16 photographed receipts of
 * the corpus (x-height 9-11 px) read 67% of their fields right at an x-height of 24, 74% at 30.
 */
export const PHOTO_MIN_X_HEIGHT = 24;
/**
 * A photo whose paper, cleaned, still varies by more than this share of its contrast with the
 * ink is binarised here rather than handed over in grey. The photographed receipts of the corpus
 * measure 0.08-0.12; a receipt with heavy sensor grain (tests/integration/ocr-photo.test.ts) 0.15,
 * and read in grey it lost its total and date.
 */
export const MAX_PHOTO_GRAIN = 0.13;
/** Scaling up past this adds pixels, not detail. */
const MAX_SCALE = 4;
/** Measurements are made on a copy about this large on its longer side (whole-pixel shrink). */
const WORK_SIZE = 1000;
/** Shapes too big to be letters are looked for on a copy about this large (a letter must stay a shape of its own). */
const BLOB_WORK_SIZE = 2500;
/** Ink pixels the skew search looks at, at most (a sample of a busy page's). */
const SKEW_SAMPLE = 60_000;
/** Share of ink pixels with no ink around them above which a page counts as speckled. */
const SPECKLE_SHARE = 0.04;
/** A line's busy rows span about its cap height (thin ascenders and descenders fall under the threshold): x-height is ~0.72 of that in common fonts. */
const X_HEIGHT_PER_LINE = 0.72;

/** The page made ready for OCR, never over `maxPixels`. */
export async function prepareForOcr(input: GreyImage, maxPixels: number): Promise<{ image: GreyImage; steps: Preparation }> {
  let image = input;
  const steps: Preparation = { flattened: false, shaded: false, stretched: false, skewDegrees: 0, rotated: false, scale: 1, denoised: false };

  const background = await paperBackground(image);
  if (background.spread > UNEVEN_BACKGROUND) {
    const photo = await preparePhoto(input, background, maxPixels);
    const work = workingCopy(photo.image);
    if (paperGrain(work) <= MAX_PHOTO_GRAIN) return photo;
    // Paper this grainy in grey, Tesseract's local threshold reads the grain as text: the light
    // is divided out and the page binarised here, at its own size, instead.
    image = flatten(image, await resizeTo(background.image, image.width, image.height), { data: background.paper, width: background.image.width, height: background.image.height });
    steps.flattened = true;
  }
  // Divided out, the shade's sharp edge left a band of grain that Tesseract read as text
  // (fields right on the shaded scans: 86% as they are, 80% flattened): the page is only marked.
  steps.shaded = !steps.flattened && background.spread > SHADED_BACKGROUND;

  const range = inkRange(image);
  if (steps.flattened || range.paper - range.ink < LOW_CONTRAST) {
    image = stretchContrast(image, range);
    steps.stretched = true;
  }

  const work = workingCopy(image);
  const mask = binarise(work);
  const skew = estimateSkew(mask, work.width, work.height);
  steps.skewDegrees = skew.degrees;
  if (Math.abs(skew.degrees) >= MIN_SKEW) {
    image = await rotate(image, -skew.degrees, maxPixels);
    steps.rotated = true;
  }

  const lineHeight = textLineHeight(skew.profile) * (input.width / work.width);
  steps.scale = upscaleFactor(lineHeight * X_HEIGHT_PER_LINE, image, maxPixels);
  if (steps.scale > 1) image = await resize(image, steps.scale);
  // After scaling up, strokes are several pixels wide and a 3x3 median keeps them; on a page at
  // its own size only speckle justifies it.
  if (steps.flattened || steps.scale > 1 || speckleShare(mask, work.width, work.height) > SPECKLE_SHARE) {
    image = await denoise(image);
    steps.denoised = true;
  }
  if (steps.flattened) image = { ...image, data: Buffer.from(binarise(image).map((ink) => (ink ? 0 : 255))) };
  return { image, steps };
}

/**
 * A photo of paper: grain removed while it is still pixel-sized (scaled up first, each grain
 * would be a blob a median keeps), the light divided out, cut down to the paper (the table and
 * the light around it read as lines of garbage, and cost time), straightened, scaled up to the
 * x-height Tesseract reads best, and what is too big to be a letter (the paper's edge, a shadow's
 * border) whitened. Handed over in grey: binarised here, soft strokes came out bold and a dotted
 * zero closed into an 8 (fields right on the photographed receipts: 60% binarised, 67% grey).
 */
async function preparePhoto(input: GreyImage, background: Awaited<ReturnType<typeof paperBackground>>, maxPixels: number): Promise<{ image: GreyImage; steps: Preparation }> {
  const steps: Preparation = { flattened: true, shaded: false, stretched: true, skewDegrees: 0, rotated: false, scale: 1, denoised: true };
  const map = { data: background.paper, width: background.image.width, height: background.image.height };
  let image = await denoise(input);
  image = flatten(image, await resizeTo(background.image, image.width, image.height), map);
  image = await cropToPaper(image, map);
  image = stretchContrast(image, inkRange(image));

  const work = workingCopy(image);
  const skew = estimateSkew(binarise(work), work.width, work.height);
  steps.skewDegrees = skew.degrees;
  if (Math.abs(skew.degrees) >= MIN_SKEW) {
    image = await rotate(image, -skew.degrees, maxPixels);
    steps.rotated = true;
  }

  // Per pixel of the working copy, taken after turning (whose canvas is a few percent wider): the
  // measured setting. Taken before turning, the scale is ~4% smaller, and the photographed
  // receipts read 66% of their fields instead of 74%: Tesseract is that sensitive to the size.
  const xHeight = textLineHeight(skew.profile) * (image.width / work.width) * X_HEIGHT_PER_LINE;
  if (xHeight > 0 && xHeight < PHOTO_MIN_X_HEIGHT) {
    const scale = Math.min(TARGET_X_HEIGHT / xHeight, MAX_SCALE, Math.sqrt(maxPixels / (image.width * image.height)));
    if (scale >= 1.2) {
      steps.scale = Math.round(scale * 100) / 100;
      image = await resize(image, steps.scale);
    }
  }
  return { image: dropBlobs(image, xHeight * steps.scale), steps };
}

/** How grainy the paper is: the spread (standard deviation) of its brightness, as a share of the ink's contrast with it. */
export function paperGrain(image: GreyImage): number {
  const ink = binarise(image);
  let [paperN, paperSum, paperSq, inkN, inkSum] = [0, 0, 0, 0, 0];
  for (let i = 0; i < ink.length; i++) {
    const v = image.data[i];
    if (ink[i]) {
      inkN++;
      inkSum += v;
    } else {
      paperN++;
      paperSum += v;
      paperSq += v * v;
    }
  }
  if (!paperN || !inkN) return 0;
  const mean = paperSum / paperN;
  return Math.sqrt(Math.max(0, paperSq / paperN - mean * mean)) / Math.max(1, mean - inkSum / inkN);
}

/** The image cut to the bounding box of the blocks `paper` (a coarse map, 1 for paper) marks. */
export async function cropToPaper(image: GreyImage, paper: { data: Uint8Array; width: number; height: number }): Promise<GreyImage> {
  let [x0, y0, x1, y1] = [paper.width, paper.height, -1, -1];
  for (let y = 0; y < paper.height; y++) {
    for (let x = 0; x < paper.width; x++) {
      if (!paper.data[y * paper.width + x]) continue;
      [x0, y0, x1, y1] = [Math.min(x0, x), Math.min(y0, y), Math.max(x1, x), Math.max(y1, y)];
    }
  }
  if (x1 < 0) return image;
  const left = Math.floor((x0 * image.width) / paper.width);
  const top = Math.floor((y0 * image.height) / paper.height);
  const right = Math.min(image.width, Math.ceil(((x1 + 1) * image.width) / paper.width));
  const bottom = Math.min(image.height, Math.ceil(((y1 + 1) * image.height) / paper.height));
  if (right - left === image.width && bottom - top === image.height) return image;
  return grey(raw(image).extract({ left, top, width: right - left, height: bottom - top }));
}

/**
 * Ink too big to be a letter, whitened: a connected dark shape taller than two and a half lines
 * of text, a long thin rule, or one touching the border (the paper's edge and what lies beyond
 * it). Found on a copy at most BLOB_WORK_SIZE on a side, so the cost is bounded whatever the image's size.
 */
export function dropBlobs(image: GreyImage, xHeight: number): GreyImage {
  if (!(xHeight > 0)) return image;
  const work = workingCopy(image, BLOB_WORK_SIZE);
  const k = image.width / work.width;
  const { width, height } = work;
  const line = xHeight / X_HEIGHT_PER_LINE / k;
  const ink = binarise(work);
  const seen = new Uint8Array(ink.length);
  const stack = new Int32Array(ink.length);
  const members = new Int32Array(ink.length);
  const drop = new Uint8Array(ink.length);
  let dropped = 0;
  for (let start = 0; start < ink.length; start++) {
    if (!ink[start] || seen[start]) continue;
    let [sp, n, x0, y0, x1, y1] = [0, 0, width, height, 0, 0];
    stack[sp++] = start;
    seen[start] = 1;
    while (sp) {
      const i = stack[--sp];
      members[n++] = i;
      const x = i % width;
      const y = (i - x) / width;
      [x0, y0, x1, y1] = [Math.min(x0, x), Math.min(y0, y), Math.max(x1, x), Math.max(y1, y)];
      if (x > 0 && ink[i - 1] && !seen[i - 1]) (seen[i - 1] = 1), (stack[sp++] = i - 1);
      if (x < width - 1 && ink[i + 1] && !seen[i + 1]) (seen[i + 1] = 1), (stack[sp++] = i + 1);
      if (y > 0 && ink[i - width] && !seen[i - width]) (seen[i - width] = 1), (stack[sp++] = i - width);
      if (y < height - 1 && ink[i + width] && !seen[i + width]) (seen[i + width] = 1), (stack[sp++] = i + width);
    }
    const [w, h] = [x1 - x0 + 1, y1 - y0 + 1];
    const edge = x0 === 0 || y0 === 0 || x1 === width - 1 || y1 === height - 1;
    if (h > 2.5 * line || (w > 8 * line && h < 0.6 * line) || edge) {
      for (let j = 0; j < n; j++) drop[members[j]] = 1;
      dropped += n;
    }
  }
  if (!dropped) return image;
  const data = Buffer.from(image.data);
  for (let y = 0; y < image.height; y++) {
    const row = Math.min(height - 1, Math.floor(y / k)) * width;
    for (let x = 0; x < image.width; x++) if (drop[row + Math.min(width - 1, Math.floor(x / k))]) data[y * image.width + x] = 255;
  }
  return { data, width: image.width, height: image.height };
}

/**
 * The paper's brightness across the page, without its text: the bright end (90th percentile) of
 * each block of the working copy, smoothed. `spread` is how much it varies (5th to 95th percentile).
 */
export async function paperBackground(image: GreyImage): Promise<{ image: GreyImage; spread: number; paper: Uint8Array }> {
  const work = workingCopy(image);
  const b = Math.max(4, Math.ceil(Math.max(work.width, work.height) / BACKGROUND_BLOCKS));
  const width = Math.ceil(work.width / b);
  const height = Math.ceil(work.height / b);
  const data = Buffer.allocUnsafe(width * height);
  const hist = new Uint32Array(256);
  for (let by = 0; by < height; by++) {
    for (let bx = 0; bx < width; bx++) {
      hist.fill(0);
      let n = 0;
      for (let y = by * b; y < Math.min(work.height, (by + 1) * b); y++) {
        for (let x = bx * b; x < Math.min(work.width, (bx + 1) * b); x++, n++) hist[work.data[y * work.width + x]]++;
      }
      data[by * width + bx] = percentile(hist, n, 0.9);
    }
  }
  const smooth = width >= 3 && height >= 3 ? await grey(raw({ data, width, height }).median(3)) : { data, width, height };
  const all = new Uint32Array(256);
  for (const v of smooth.data) all[v]++;
  const [low, high] = [percentile(all, smooth.data.length, 0.05), percentile(all, smooth.data.length, 0.95)];
  // The surround (a table, a hand): blocks far darker than the paper, even in its shadow.
  // Divided by itself it would turn into a field of grain.
  const surround = low + (high - low) / 4;
  const paper = new Uint8Array(smooth.data.length);
  for (let i = 0; i < paper.length; i++) paper[i] = smooth.data[i] > surround ? 1 : 0;
  return { image: smooth, spread: high - low, paper };
}

/**
 * Each pixel divided by the paper's brightness there: even white paper, the ink as dark as it was
 * against it. Where `paper` (a coarse map, 1 for paper) says there is none, white.
 */
export function flatten(image: GreyImage, background: GreyImage, paper?: { data: Uint8Array; width: number; height: number }): GreyImage {
  const data = Buffer.allocUnsafe(image.data.length);
  for (let i = 0; i < data.length; i++) data[i] = Math.min(255, Math.round((image.data[i] * 255) / Math.max(1, background.data[i])));
  if (paper) {
    // What lies around the paper turns white.
    for (let y = 0; y < image.height; y++) {
      const row = Math.min(paper.height - 1, Math.floor((y * paper.height) / image.height)) * paper.width;
      for (let x = 0; x < image.width; x++) {
        if (!paper.data[row + Math.min(paper.width - 1, Math.floor((x * paper.width) / image.width))]) data[y * image.width + x] = 255;
      }
    }
  }
  return { data, width: image.width, height: image.height };
}

/** The darkest ink and the paper: the 0.5th and 99.5th percentiles of a sample of pixels. */
export function inkRange(image: GreyImage): { ink: number; paper: number } {
  const hist = new Uint32Array(256);
  // Every pixel of a small image; about a million of a large one.
  const step = Math.max(1, Math.floor(image.data.length / 1_000_000));
  let n = 0;
  for (let i = 0; i < image.data.length; i += step, n++) hist[image.data[i]]++;
  return { ink: percentile(hist, n, 0.005), paper: percentile(hist, n, 0.995) };
}

/** Ink to black, paper to white, linearly in between. */
export function stretchContrast(image: GreyImage, range: { ink: number; paper: number }): GreyImage {
  const span = Math.max(1, range.paper - range.ink);
  const lut = new Uint8Array(256);
  for (let v = 0; v < 256; v++) lut[v] = Math.max(0, Math.min(255, Math.round(((v - range.ink) * 255) / span)));
  const data = Buffer.allocUnsafe(image.data.length);
  for (let i = 0; i < data.length; i++) data[i] = lut[image.data[i]];
  return { data, width: image.width, height: image.height };
}

/**
 * The page's tilt in degrees, clockwise (text lines running down to the right are positive):
 * the angle at which a projection of the ink onto rows is most peaked (lines fall into few rows,
 * the gaps between them into none). Searched coarsely then finely. A page with no clear answer
 * (no lines of text, or turned a quarter) gets 0. `profile` is the ink per row at that angle.
 */
export function estimateSkew(mask: Uint8Array, width: number, height: number): { degrees: number; profile: Uint32Array } {
  let total = 0;
  for (let i = 0; i < mask.length; i++) total += mask[i];
  // Every k-th ink pixel: the shape of the profile survives, the cost is bounded.
  const every = Math.max(1, Math.ceil(total / SKEW_SAMPLE));
  const xs = new Int32Array(Math.ceil(total / every));
  const ys = new Int32Array(xs.length);
  let n = 0;
  let seen = 0;
  for (let y = 0, i = 0; y < height; y++) {
    for (let x = 0; x < width; x++, i++) {
      if (mask[i] && seen++ % every === 0) {
        xs[n] = x;
        ys[n++] = y;
      }
    }
  }
  const ink = { xs: xs.subarray(0, n), ys: ys.subarray(0, n) };
  const score = (deg: number) => projectionScore(ink, width, height, deg);
  const flat = score(0);
  let best = flat;
  for (let d = -MAX_SKEW; d <= MAX_SKEW + 1e-9; d += 0.5) {
    const s = score(d);
    if (s.value > best.value) best = s;
  }
  const coarse = best.degrees;
  for (let d = coarse - 0.4; d <= coarse + 0.4 + 1e-9; d += 0.1) {
    const s = score(Math.round(d * 10) / 10);
    if (s.value > best.value) best = s;
  }
  // Lines that are really there make the best angle clearly more peaked than level; noise does not.
  if (best.value < flat.value * 1.05) return { degrees: 0, profile: flat.profile };
  return { degrees: best.degrees, profile: best.profile };
}

/** The typical height of a line of text in a row profile: the median run of inked rows. */
export function textLineHeight(profile: Uint32Array): number {
  const sorted = [...profile].filter((v) => v > 0).sort((a, b) => a - b);
  if (!sorted.length) return 0;
  // A row belongs to a line when it holds a fair share of a busy row's ink (stray marks between lines do not).
  const threshold = Math.max(1, sorted[Math.floor(sorted.length * 0.9)] * 0.1);
  const runs: number[] = [];
  let run = 0;
  for (const v of [...profile, 0]) {
    if (v >= threshold) run++;
    else if (run) {
      if (run >= 3) runs.push(run);
      run = 0;
    }
  }
  runs.sort((a, b) => a - b);
  return runs.length ? runs[Math.floor(runs.length / 2)] : 0;
}

/** How much to scale up a page whose text has `xHeight` pixels: 1 when it is big enough or unknown. */
export function upscaleFactor(xHeight: number, size: { width: number; height: number }, maxPixels: number): number {
  if (!(xHeight > 0) || xHeight >= MIN_X_HEIGHT) return 1;
  const fits = Math.sqrt(maxPixels / (size.width * size.height));
  const scale = Math.min(TARGET_X_HEIGHT / xHeight, MAX_SCALE, fits);
  return scale >= 1.2 ? Math.round(scale * 100) / 100 : 1;
}

/** Ink (1) and paper (0) by Otsu's threshold; ink is whichever side is the minority. */
export function binarise(image: GreyImage): Uint8Array {
  const hist = new Uint32Array(256);
  const { data } = image;
  for (let i = 0; i < data.length; i++) hist[data[i]]++;
  const t = otsu(hist, image.data.length);
  let dark = 0;
  for (let v = 0; v <= t; v++) dark += hist[v];
  const inkIsDark = dark <= image.data.length / 2;
  const mask = new Uint8Array(image.data.length);
  for (let i = 0; i < mask.length; i++) mask[i] = data[i] <= t === inkIsDark ? 1 : 0;
  return mask;
}

/** Share of ink pixels with no ink among their eight neighbours. */
export function speckleShare(mask: Uint8Array, width: number, height: number): number {
  let ink = 0;
  let alone = 0;
  for (let y = 1; y < height - 1; y++) {
    for (let x = 1; x < width - 1; x++) {
      const i = y * width + x;
      if (!mask[i]) continue;
      ink++;
      const around = mask[i - width - 1] + mask[i - width] + mask[i - width + 1] + mask[i - 1] + mask[i + 1] + mask[i + width - 1] + mask[i + width] + mask[i + width + 1];
      if (!around) alone++;
    }
  }
  return ink ? alone / ink : 0;
}

/** Turned `degrees` clockwise about its centre onto white, and shrunk if the larger canvas would pass `maxPixels`. */
export async function rotate(image: GreyImage, degrees: number, maxPixels: number): Promise<GreyImage> {
  let out = await grey(raw(image).rotate(degrees, { background: { r: 255, g: 255, b: 255 } }));
  if (out.width * out.height > maxPixels) {
    const f = Math.sqrt(maxPixels / (out.width * out.height));
    out = await grey(raw(out).resize(Math.floor(out.width * f), Math.floor(out.height * f), { fit: "fill" }));
  }
  return out;
}

export async function resize(image: GreyImage, scale: number): Promise<GreyImage> {
  return grey(raw(image).resize(Math.round(image.width * scale), Math.round(image.height * scale), { fit: "fill", kernel: "cubic" }));
}

async function resizeTo(image: GreyImage, width: number, height: number): Promise<GreyImage> {
  return grey(raw(image).resize(width, height, { fit: "fill", kernel: "cubic" }));
}

/** A 3x3 median: removes isolated specks, keeps strokes wider than a pixel. */
export async function denoise(image: GreyImage): Promise<GreyImage> {
  return grey(raw(image).median(3));
}

/** A binary PGM (P5), which Tesseract reads directly. */
export function toPgm(image: GreyImage): Buffer {
  return Buffer.concat([Buffer.from(`P5\n${image.width} ${image.height}\n255\n`, "latin1"), image.data]);
}

/** The pixels of an 8-bit binary PGM (as Poppler renders pages). */
export function fromPgm(pgm: Buffer): GreyImage {
  const header = /^P5\s+(?:#[^\n]*\n\s*)*(\d+)\s+(\d+)\s+(\d+)\s/.exec(pgm.toString("latin1", 0, Math.min(pgm.length, 200)));
  if (!header || header[3] !== "255") throw new Error("not an 8-bit binary PGM");
  const [width, height] = [Number(header[1]), Number(header[2])];
  const data = pgm.subarray(header[0].length, header[0].length + width * height);
  if (data.length !== width * height) throw new Error(`the PGM holds ${data.length} bytes for ${width}x${height}`);
  return { data, width, height };
}

// ---------------------------------------------------------------------------------------------

/** The image shrunk by a whole factor (each pixel the mean of a k x k block): cheap, and a block average keeps thin strokes as grey. */
function workingCopy(image: GreyImage, size = WORK_SIZE): GreyImage {
  const k = Math.ceil(Math.max(image.width, image.height) / size);
  if (k <= 1) return image;
  const width = Math.floor(image.width / k);
  const height = Math.floor(image.height / k);
  const sums = new Uint32Array(width * height);
  const src = image.data;
  for (let y = 0; y < height * k; y++) {
    const row = y * image.width;
    const out = Math.floor(y / k) * width;
    for (let x = 0; x < width * k; x++) sums[out + Math.floor(x / k)] += src[row + x];
  }
  const data = Buffer.allocUnsafe(width * height);
  const area = k * k;
  for (let i = 0; i < data.length; i++) data[i] = Math.round(sums[i] / area);
  return { data, width, height };
}

function projectionScore(ink: { xs: Int32Array; ys: Int32Array }, width: number, height: number, degrees: number) {
  const rad = (degrees * Math.PI) / 180;
  const sin = Math.sin(rad);
  const cos = Math.cos(rad);
  // Rows of the page turned by -degrees: a line tilted by `degrees` lands in one row.
  const offset = Math.ceil(Math.abs(width * sin)) + 1;
  const profile = new Uint32Array(Math.ceil(height * cos + Math.abs(width * sin)) + 3);
  const { xs, ys } = ink;
  for (let j = 0; j < xs.length; j++) profile[Math.round(ys[j] * cos - xs[j] * sin) + offset]++;
  let value = 0;
  for (const c of profile) value += c * c;
  return { degrees, value, profile };
}

function percentile(hist: Uint32Array, n: number, p: number): number {
  const target = n * p;
  let seen = 0;
  for (let v = 0; v < 256; v++) {
    seen += hist[v];
    if (seen > target) return v;
  }
  return 255;
}

function otsu(hist: Uint32Array, n: number): number {
  let sum = 0;
  for (let v = 0; v < 256; v++) sum += v * hist[v];
  let sumB = 0;
  let wB = 0;
  let best = 0;
  let threshold = 127;
  for (let v = 0; v < 256; v++) {
    wB += hist[v];
    if (!wB) continue;
    const wF = n - wB;
    if (!wF) break;
    sumB += v * hist[v];
    const between = wB * wF * (sumB / wB - (sum - sumB) / wF) ** 2;
    if (between > best) {
      best = between;
      threshold = v;
    }
  }
  return threshold;
}

function raw(image: GreyImage) {
  return sharp(image.data, { raw: { width: image.width, height: image.height, channels: 1 } });
}

async function grey(pipeline: Sharp): Promise<GreyImage> {
  const { data, info } = await pipeline.greyscale().toColourspace("b-w").raw().toBuffer({ resolveWithObject: true });
  if (info.channels !== 1) throw new Error(`expected one channel, got ${info.channels}`);
  return { data, width: info.width, height: info.height };
}
