// Each cleaning step before OCR on pictures drawn here (lib/ocr/preprocess.ts): deskew, contrast
// stretch, upscale within the pixel limit, denoise; and that a clean page is left alone. No OCR runs.
import { test } from "node:test";
import { readFile } from "node:fs/promises";
import path from "node:path";
import assert from "node:assert/strict";
import { decodeToGrey } from "@/lib/ocr/decode";
import { binarise, dropBlobs, estimateSkew, fromPgm, inkRange, MIN_X_HEIGHT, prepareForOcr, rotate, speckleShare, TARGET_X_HEIGHT, toPgm, upscaleFactor, type GreyImage } from "@/lib/ocr/preprocess";
import { drawText, invoicePageLines, photograph } from "../support/images";

const LIMIT = 40_000_000;
const grey = async (png: Buffer) => decodeToGrey(png, LIMIT);
const skewOf = (image: GreyImage) => estimateSkew(binarise(image), image.width, image.height).degrees;

test("a text image tilted by 3 degrees either way is measured within 0.5 degrees and comes back straight", async () => {
  for (const tilt of [3, -3]) {
    const image = await grey(await drawText({ lines: invoicePageLines(2, 20), width: 1400, fontSize: 28, tiltDegrees: tilt }));
    const { image: out, steps } = await prepareForOcr(image, LIMIT);
    assert.ok(Math.abs(steps.skewDegrees - tilt) <= 0.5, `measured ${steps.skewDegrees} for ${tilt}`);
    assert.equal(steps.rotated, true);
    const left = skewOf(out);
    assert.ok(Math.abs(left) <= 0.5, `still tilted ${left} after straightening ${tilt}`);
  }
});

test("a level page and one tilted under a degree are not rotated", async () => {
  for (const tilt of [0, 0.6]) {
    const image = await grey(await drawText({ lines: invoicePageLines(3, 20), width: 1400, fontSize: 28, tiltDegrees: tilt }));
    const { steps } = await prepareForOcr(image, LIMIT);
    assert.ok(Math.abs(steps.skewDegrees - tilt) <= 0.3, `measured ${steps.skewDegrees} for ${tilt}`);
    assert.equal(steps.rotated, false);
  }
});

test("a faded receipt (grey ink on grey paper) is stretched to black on white", async () => {
  const image = await grey(await drawText({ lines: invoicePageLines(4, 12), width: 1000, fontSize: 28, ink: "#8a8a8a", paper: "#b4b4b4" }));
  const before = inkRange(image);
  assert.ok(before.paper - before.ink < 60, `drawn with ${JSON.stringify(before)}`);
  const { image: out, steps } = await prepareForOcr(image, LIMIT);
  assert.equal(steps.stretched, true);
  const after = inkRange(out);
  assert.ok(after.ink <= 20 && after.paper >= 235, `after: ${JSON.stringify(after)}`);
});

test("a tiny image is scaled up towards the x-height Tesseract likes, never past the pixel limit", async () => {
  const image = await grey(await drawText({ lines: ["TOTAL 12.50", "DATE 03/04/2024"], width: 260, fontSize: 11 }));
  const { image: out, steps } = await prepareForOcr(image, LIMIT);
  assert.ok(steps.scale >= 2, `scale ${steps.scale}`);
  assert.equal(out.width, Math.round(image.width * steps.scale));
  assert.equal(out.height, Math.round(image.height * steps.scale));

  // With a pixel limit just above the original, it grows only as far as the limit allows.
  const tight = Math.round(image.width * image.height * 2);
  const limited = await prepareForOcr(image, tight);
  assert.ok(limited.image.width * limited.image.height <= tight, `${limited.image.width}x${limited.image.height} over ${tight}`);
  assert.ok(limited.steps.scale > 1 && limited.steps.scale < steps.scale);
  // The factor itself: to the target, capped, and 1 for text already big enough or unknown.
  assert.equal(upscaleFactor(TARGET_X_HEIGHT / 2, { width: 100, height: 100 }, LIMIT), 1);
  assert.equal(upscaleFactor(MIN_X_HEIGHT, { width: 100, height: 100 }, LIMIT), 1);
  assert.equal(upscaleFactor(7.5, { width: 100, height: 100 }, LIMIT), 4);
  assert.equal(upscaleFactor(9, { width: 100, height: 100 }, LIMIT), 3.33);
  assert.equal(upscaleFactor(5, { width: 100, height: 100 }, LIMIT), 4);
  assert.equal(upscaleFactor(0, { width: 100, height: 100 }, LIMIT), 1);
});

test("rotating never makes a page larger than the pixel limit", async () => {
  const image = await grey(await drawText({ lines: invoicePageLines(5, 10), width: 800, fontSize: 20 }));
  const limit = image.width * image.height;
  const out = await rotate(image, 5, limit);
  assert.ok(out.width * out.height <= limit, `${out.width}x${out.height} over ${limit}`);
});

test("a speckled page is denoised, and its specks are gone", async () => {
  const image = await grey(await drawText({ lines: invoicePageLines(6, 14), width: 1000, fontSize: 30, speckle: 0.01 }));
  const specks = (img: GreyImage) => speckleShare(binarise(img), img.width, img.height);
  const { image: out, steps } = await prepareForOcr(image, LIMIT);
  assert.equal(steps.denoised, true);
  assert.ok(specks(out) < specks(image) / 4, `speckle ${specks(image)} -> ${specks(out)}`);
});

test("a clean 300 dpi page reaches OCR untouched", async () => {
  const image = await grey(await drawText({ lines: invoicePageLines(7, 60), width: 2480, height: 3508, fontSize: 42 }));
  const { image: out, steps } = await prepareForOcr(image, LIMIT);
  assert.deepEqual(steps, { flattened: false, shaded: false, stretched: false, skewDegrees: 0, rotated: false, scale: 1, denoised: false });
  assert.equal(out, image);
});

test("a scan with a shaded band is marked for a gentler threshold and otherwise reaches OCR as it is", async () => {
  const scan = await grey(await readFile(path.join(import.meta.dirname, "../fixtures/invoices/de-alpenblick-scan.png")));
  const { image: out, steps } = await prepareForOcr(scan, LIMIT);
  assert.equal(steps.shaded, true);
  assert.equal(steps.flattened, false);
  assert.equal(out, scan);
});

test("a photographed page (dark table, light falling off, tilt) is cut to the paper, flattened to white and scaled up; its ink stays, the table is gone", async () => {
  const image = await grey(await photograph(await drawText({ lines: invoicePageLines(8, 12), width: 700, fontSize: 20, ink: "#505050", paper: "#e0e0e0" }), { grain: 40, tiltDegrees: 2 }));
  const { image: out, steps } = await prepareForOcr(image, LIMIT);
  assert.equal(steps.flattened, true);
  assert.equal(steps.rotated, true);
  assert.ok(steps.scale > 1, `scale ${steps.scale}`);
  // Cut to the paper: the table's width (60 px each side, before scaling) is gone.
  assert.ok(out.width / steps.scale < image.width - 60, `${out.width} wide at scale ${steps.scale}, from ${image.width}`);
  // Handed over in grey: white paper as white in the shadowed corner as in the lit one, the ink dark, little of it.
  const median = (x0: number, y0: number, x1: number, y1: number) => {
    const values: number[] = [];
    for (let y = Math.floor(y0 * out.height); y < y1 * out.height; y++) for (let x = Math.floor(x0 * out.width); x < x1 * out.width; x++) values.push(out.data[y * out.width + x]);
    return values.sort((a, b) => a - b)[values.length >> 1];
  };
  const [lit, shadowed] = [median(0, 0, 0.5, 0.5), median(0.5, 0.5, 1, 1)];
  assert.ok(lit >= 225 && shadowed >= 225 && Math.abs(lit - shadowed) <= 15, `paper ${lit} lit, ${shadowed} in shadow`);
  let dark = 0;
  for (const v of out.data) if (v < 128) dark++;
  const ink = dark / out.data.length;
  assert.ok(ink > 0.01 && ink < 0.25, `ink share ${ink}`);
  // Nothing dark along the border: the table and the paper's edge are whitened.
  const band = Math.round(out.width * 0.01);
  let edgeInk = 0;
  for (let y = 0; y < out.height; y++) for (let x = 0; x < band; x++) if (out.data[y * out.width + x] < 128 || out.data[y * out.width + out.width - 1 - x] < 128) edgeInk++;
  assert.equal(edgeInk, 0);
});

test("shapes too big to be letters (a paper's edge, a long rule) are whitened, the letters beside them kept", async () => {
  const page = await grey(await drawText({ lines: ["TOTAL 12.50", "DATE 03/04/2024"], width: 600, fontSize: 24 }));
  const data = Buffer.from(page.data);
  const set = (x: number, y: number) => (data[y * page.width + x] = 0);
  for (let y = 0; y < page.height; y++) for (let x = 3; x < 9; x++) set(x, y); // an edge, top to bottom
  for (let x = 20; x < page.width - 20; x++) for (let y = page.height - 8; y < page.height - 5; y++) set(x, y); // a rule
  const marked = { ...page, data };
  const out = dropBlobs(marked, 12);
  const inkIn = (img: GreyImage, x0: number, x1: number, y0: number, y1: number) => {
    let n = 0;
    for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) if (img.data[y * img.width + x] < 128) n++;
    return n;
  };
  assert.equal(inkIn(out, 0, 12, 0, out.height), 0, "the edge is gone");
  assert.equal(inkIn(out, 20, out.width - 20, out.height - 8, out.height - 5), 0, "the rule is gone");
  const letters = inkIn(page, 12, page.width, 0, page.height - 10);
  assert.ok(letters > 0 && inkIn(out, 12, out.width, 0, out.height - 10) === letters, "the letters are as they were");
});

test("PGM pages round-trip", () => {
  const image = { data: Buffer.from([0, 128, 255, 7, 8, 9]), width: 3, height: 2 };
  assert.deepEqual(fromPgm(toPgm(image)), image);
  assert.throws(() => fromPgm(Buffer.from("P6\n3 2\n255\n")), /PGM/);
});
