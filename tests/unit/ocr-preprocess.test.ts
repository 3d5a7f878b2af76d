// Each cleaning step before OCR on pictures drawn here (lib/ocr/preprocess.ts): deskew, contrast
// stretch, upscale within the pixel limit, denoise; and that a clean page is left alone. No OCR runs.
import { test } from "node:test";
import assert from "node:assert/strict";
import { decodeToGrey } from "@/lib/ocr/decode";
import { binarise, estimateSkew, fromPgm, inkRange, MIN_X_HEIGHT, prepareForOcr, rotate, speckleShare, TARGET_X_HEIGHT, toPgm, upscaleFactor, type GreyImage } from "@/lib/ocr/preprocess";
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
  assert.deepEqual(steps, { flattened: false, stretched: false, skewDegrees: 0, rotated: false, scale: 1, denoised: false });
  assert.equal(out, image);
});

test("a photographed page (dark table, light falling off) is flattened to white paper; its ink stays", async () => {
  const image = await grey(await photograph(await drawText({ lines: invoicePageLines(8, 12), width: 700, fontSize: 20, ink: "#505050", paper: "#e0e0e0" }), { grain: 40 }));
  const { image: out, steps } = await prepareForOcr(image, LIMIT);
  assert.equal(steps.flattened, true);
  // Black on white: the table and the shadowed corner are gone, the text is there.
  const shares = { white: 0, black: 0 };
  for (const v of out.data) {
    if (v === 255) shares.white++;
    else if (v === 0) shares.black++;
  }
  assert.equal(shares.white + shares.black, out.data.length);
  const ink = shares.black / out.data.length;
  assert.ok(ink > 0.01 && ink < 0.25, `ink share ${ink}`);
});

test("PGM pages round-trip", () => {
  const image = { data: Buffer.from([0, 128, 255, 7, 8, 9]), width: 3, height: 2 };
  assert.deepEqual(fromPgm(toPgm(image)), image);
  assert.throws(() => fromPgm(Buffer.from("P6\n3 2\n255\n")), /PGM/);
});
