// The small pieces of lib/ocr on their own: image headers, orientation from hOCR, languages,
// render resolution, text-layer layout. No OCR runs here.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readImageHeader, sniffImageFormat } from "@/lib/ocr/image-header";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { modelInPackage, OcrLanguageUnavailable, parseLangs, resolveModel } from "@/lib/ocr/languages";
import { looksTurned, rotationFromHocr } from "@/lib/ocr/orientation";
import { cliParams } from "@/lib/ocr/params";
import { renderDpi } from "@/lib/ocr/pdf";
import { layoutText } from "@/lib/ocr/pdf-text";
import { DocumentRejected } from "@/lib/ocr/types";
import { hugePngHeader } from "../support/images";
import { makeJpeg, makePng } from "../support/mime";

const rejectedWith = (reason: DocumentRejected["reason"]) => (err: unknown) => err instanceof DocumentRejected && err.reason === reason;

test("image sizes come from the header alone", () => {
  assert.deepEqual(readImageHeader(makePng({ width: 37, height: 21 })), { format: "png", width: 37, height: 21, components: 3 });
  assert.deepEqual(readImageHeader(makeJpeg()), { format: "jpeg", width: 8, height: 8, components: 1 });
  const t = performance.now();
  assert.deepEqual(readImageHeader(hugePngHeader(30_000, 30_000)), { format: "png", width: 30_000, height: 30_000, components: 1 });
  assert.ok(performance.now() - t < 50);
  // The format is what the bytes say, whatever a mail client declared.
  assert.equal(sniffImageFormat(makeJpeg()), "jpeg");
  assert.equal(sniffImageFormat(Buffer.from("%PDF-1.4")), undefined);
});

test("broken or unknown image headers are rejected with a reason", () => {
  assert.throws(() => readImageHeader(Buffer.from("GIF89a......")), rejectedWith("unsupported"));
  assert.throws(() => readImageHeader(makePng().subarray(0, 20)), rejectedWith("corrupt"));
  // A JPEG cut before its frame header.
  assert.throws(() => readImageHeader(makeJpeg().subarray(0, 30)), rejectedWith("corrupt"));
});

const hocrLine = (bbox: [number, number, number, number], angle?: number) =>
  `<span class='ocr_line' id='l' title="bbox ${bbox.join(" ")}${angle === undefined ? "" : `; textangle ${angle}`}; x_size 29">text</span>`;

test("the page's rotation is the orientation most lines were read in", () => {
  assert.equal(rotationFromHocr(null), 0);
  assert.equal(rotationFromHocr([hocrLine([0, 0, 100, 20]), hocrLine([0, 30, 100, 50])].join("\n")), 0);
  assert.equal(rotationFromHocr([hocrLine([0, 0, 20, 100], 270), hocrLine([30, 0, 50, 100], 270), hocrLine([0, 0, 100, 20])].join("\n")), 270);
  assert.equal(rotationFromHocr([hocrLine([0, 0, 100, 20], 180)].join("\n")), 180);
  // One vertical label against one upright line: upright wins the tie.
  assert.equal(rotationFromHocr([hocrLine([0, 0, 20, 100], 90), hocrLine([0, 0, 100, 20])].join("\n")), 0);
});

test("a first reading looks turned when it is unsure or its lines stand upright", () => {
  const flat = [hocrLine([0, 0, 300, 20]), hocrLine([0, 30, 300, 50])].join("\n");
  const tall = [hocrLine([0, 0, 20, 300]), hocrLine([30, 0, 50, 300]), hocrLine([0, 0, 300, 20])].join("\n");
  assert.equal(looksTurned(91, flat), false);
  assert.equal(looksTurned(35, flat), true);
  assert.equal(looksTurned(93, tall), true);
  assert.equal(looksTurned(0, ""), true);
});

test("languages resolve to local files, and a missing one says where it was looked for and how to add it", () => {
  assert.deepEqual(parseLangs("eng+heb"), ["eng", "heb"]);
  assert.deepEqual(parseLangs(" eng, heb eng "), ["eng", "heb"]);
  // English and Hebrew come from their npm packages, as the LSTM-only integer model; osd, read by the legacy engine, as the full one.
  for (const lang of ["eng", "heb"]) {
    const model = resolveModel(lang);
    assert.equal(model.from, "npm");
    assert.equal(model.gzip, true);
    assert.match(model.file, new RegExp(`@tesseract\\.js-data[\\\\/]${lang}[\\\\/]4\\.0\\.0_best_int[\\\\/]${lang}\\.traineddata\\.gz$`));
  }
  assert.match(resolveModel("osd").file, /@tesseract\.js-data[\\/]osd[\\/]4\.0\.0[\\/]osd\.traineddata\.gz$/);
  // A package installed later wins over TESSDATA_DIR, whatever it holds.
  assert.equal(resolveModel("heb", "/nonexistent/tessdata").from, "npm");
  assert.throws(
    () => resolveModel("ces", "/nonexistent/tessdata"),
    (err: unknown) =>
      err instanceof OcrLanguageUnavailable &&
      err.lang === "ces" &&
      err.message.includes("@tesseract.js-data/ces") &&
      err.message.includes("/nonexistent/tessdata") &&
      err.message.includes("npm install @tesseract.js-data/ces"),
  );
  assert.throws(() => resolveModel("ces"), (err: unknown) => err instanceof OcrLanguageUnavailable && /TESSDATA_DIR \(not set\)/.test(err.message));
  assert.throws(() => resolveModel("../../etc/passwd", "/tmp"), /invalid OCR language code/);
});

test("a language with no npm package is read from TESSDATA_DIR, and a package without the integer model gives its full one", () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), "mailroom-langs-"));
  try {
    writeFileSync(path.join(dir, "ces.traineddata"), "model");
    assert.deepEqual(resolveModel("ces", dir), { lang: "ces", file: path.join(dir, "ces.traineddata"), gzip: false, from: "tessdata" });
    // Package folders as npm installs them: some hold only 4.0.0, some both.
    const only = path.join(dir, "deu");
    mkdirSync(path.join(only, "4.0.0"), { recursive: true });
    writeFileSync(path.join(only, "4.0.0", "deu.traineddata.gz"), "");
    assert.equal(modelInPackage(only, "deu"), path.join(only, "4.0.0", "deu.traineddata.gz"));
    mkdirSync(path.join(only, "4.0.0_best_int"));
    assert.equal(modelInPackage(only, "deu"), path.join(only, "4.0.0", "deu.traineddata.gz"), "an empty best_int folder is skipped");
    writeFileSync(path.join(only, "4.0.0_best_int", "deu.traineddata.gz"), "");
    assert.equal(modelInPackage(only, "deu"), path.join(only, "4.0.0_best_int", "deu.traineddata.gz"));
    assert.equal(modelInPackage(path.join(dir, "none"), "ita"), undefined);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("the native baseline gets the same settings", () => {
  assert.deepEqual(cliParams({ orientation: false }), ["--psm", "3", "-c", "thresholding_method=2"]);
  assert.deepEqual(cliParams({ orientation: true }).slice(0, 2), ["--psm", "1"]);
});

test("scans render at their own resolution within bounds, and within the pixel limit", () => {
  const a4 = { number: 1, text: "", widthPt: 595, heightPt: 842 };
  const scan = (ppi: number, width = 1654, height = 2339) => [{ page: 1, width, height, ppi }];
  assert.equal(renderDpi(a4, [], 40_000_000), 300); // vector only
  assert.equal(renderDpi(a4, scan(200), 40_000_000), 200);
  assert.equal(renderDpi(a4, scan(72), 40_000_000), 150);
  assert.equal(renderDpi(a4, scan(600), 40_000_000), 300);
  // A poster-sized page is rendered at whatever fits the limit.
  const poster = { number: 1, text: "", widthPt: 72 * 100, heightPt: 72 * 100 };
  const dpi = renderDpi(poster, [], 4_000_000);
  assert.ok(dpi * 100 * dpi * 100 <= 4_000_000 && dpi >= 19, `dpi ${dpi}`);
  // An embedded image over the limit is rejected before anything decodes it.
  assert.throws(() => renderDpi(a4, scan(300, 30_000, 30_000), 40_000_000), rejectedWith("too_many_pixels"));
});

test("text-layer runs are put back into lines and words", () => {
  const item = (str: string, x: number, y: number, width: number, hasEOL = false) => ({ str, transform: [12, 0, 0, 12, x, y], width, height: 12, hasEOL });
  const text = layoutText([item("Invoice", 72, 700, 40), item("No.", 115, 700, 18), item("42", 140, 700, 12), { str: undefined }, item("Total", 72, 680, 30), item("9.50", 110, 680, 24, true), item("", 0, 0, 0, true)]);
  assert.equal(text, "Invoice No. 42\nTotal 9.50");
});

test("in a right-to-left line, a number drawn in touching pieces stays one number read left to right", () => {
  const item = (str: string, x: number, width: number) => ({ str, transform: [12, 0, 0, 12, x, 700], width, height: 12 });
  // As drawn, left to right: "4471" "-" "22"  then the label "קבלה מס'" on the right.
  const text = layoutText([item("4471", 100, 24), item("-", 124, 4), item("22", 128, 12), item("קבלה מס'", 160, 40)]);
  assert.equal(text, "קבלה מס' 4471-22");
  // Numbers apart from each other are each read right to left, as before.
  assert.equal(layoutText([item("20.40", 100, 30), item("17%", 160, 18), item('מע"מ', 200, 24)]), 'מע"מ 17% 20.40');
});
