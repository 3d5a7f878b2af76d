// Documents that can never be read end with a reason, fast, before any OCR work: the pool here
// is never used, and its stats prove it (workers start only when a page is read).
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { extractText, DEFAULT_TEXT_LIMITS } from "@/lib/ocr/extract-text";
import { createOcrPool } from "@/lib/ocr/pool";
import { DocumentRejected, type TextInput, type TextLimits } from "@/lib/ocr/types";
import { INVOICE_LINES, hugePngHeader, makeEncryptedPdf, makeTextPdf, truncate } from "../support/images";
import { makePdf, makePng } from "../support/mime";

const pool = createOcrPool({ size: 1, langs: ["eng"] });
// pdf.js loads on first use (a second or two on a busy machine): not part of any timing below.
before(() => extractText({ bytes: makeTextPdf([INVOICE_LINES]), contentType: "application/pdf" }, { pool, limits: DEFAULT_TEXT_LIMITS }).catch(() => {}));
after(() => pool.terminate());

async function rejection(input: TextInput, limits: Partial<TextLimits> = {}) {
  const started = performance.now();
  const err = await extractText(input, { pool, limits: { ...DEFAULT_TEXT_LIMITS, ...limits } }).then(
    () => assert.fail("expected a DocumentRejected"),
    (e: unknown) => e,
  );
  assert.ok(err instanceof DocumentRejected, `expected DocumentRejected, got ${String(err)}`);
  return { err, ms: performance.now() - started };
}

const pdf = (bytes: Buffer): TextInput => ({ bytes, contentType: "application/pdf" });

test("a 30,000 x 30,000 PNG is rejected from its header in milliseconds", async () => {
  const before = process.memoryUsage.rss();
  const { err, ms } = await rejection({ bytes: hugePngHeader(30_000, 30_000), contentType: "image/png" });
  assert.equal(err.reason, "too_many_pixels");
  assert.match(err.message, /30000 x 30000/);
  assert.ok(ms < 250, `took ${ms} ms`);
  assert.ok(process.memoryUsage.rss() - before < 100 * 1024 * 1024, "nothing decoded the pixels");
});

test("an encrypted PDF says it is password-protected", async () => {
  const { err, ms } = await rejection(pdf(makeEncryptedPdf(INVOICE_LINES)));
  assert.equal(err.reason, "encrypted");
  assert.match(err.message, /password/);
  assert.ok(ms < 1000, `took ${ms} ms`);
});

test("the encrypted fixture is a real encrypted PDF: its password opens it", async () => {
  const { getDocument } = await import("pdfjs-dist/legacy/build/pdf.mjs");
  const task = getDocument({ data: new Uint8Array(makeEncryptedPdf(["Secret invoice 77"], "s3cret")), password: "s3cret", verbosity: 0 });
  const doc = await task.promise;
  const content = await (await doc.getPage(1)).getTextContent();
  assert.match(content.items.map((i) => ("str" in i ? i.str : "")).join(" "), /Secret invoice 77/);
  await task.destroy();
});

test("truncated and corrupt PDFs are rejected as corrupt", async () => {
  const whole = makeTextPdf([INVOICE_LINES, INVOICE_LINES]);
  for (const fraction of [0.3, 0.6, 0.95]) {
    const { err } = await rejection(pdf(truncate(whole, fraction)));
    assert.equal(err.reason, "corrupt", `cut at ${fraction}`);
    assert.match(err.message, /truncated/);
  }
  // Complete-looking but with no readable structure: pdf.js says so.
  const { err } = await rejection(pdf(Buffer.from("%PDF-1.7\nnot really a pdf\n%%EOF\n")));
  assert.equal(err.reason, "corrupt");
  assert.match(err.message, /corrupt/);
});

test("too many pages is rejected after counting, before reading any page", async () => {
  const big = makeTextPdf(Array.from({ length: 60 }, (_, i) => [`Page ${i + 1}`, ...INVOICE_LINES]));
  const { err, ms } = await rejection(pdf(big), { maxPages: 50 });
  assert.equal(err.reason, "too_many_pages");
  assert.match(err.message, /60 pages.*50/);
  assert.ok(ms < 1000, `took ${ms} ms`);
});

test("size and type limits", async () => {
  const { err: large } = await rejection(pdf(makePdf("x".repeat(100), { padToBytes: 50_000 })), { maxBytes: 10_000 });
  assert.equal(large.reason, "too_large");
  const { err: odd } = await rejection({ bytes: Buffer.from("PK\u0003\u0004 a zip file"), contentType: "application/pdf" });
  assert.equal(odd.reason, "unsupported");
  const { err: broken } = await rejection({ bytes: Buffer.concat([hugePngHeader(10, 10).subarray(0, 8), Buffer.from("junk")]), contentType: "image/png" });
  assert.equal(broken.reason, "corrupt");
});

test("an image with a good header and broken data is rejected as corrupt when decoding", async () => {
  const good = makePng({ width: 64, height: 64 });
  const idat = good.indexOf("IDAT");
  const bad = Buffer.from(good);
  bad.fill(0x5a, idat + 4, idat + 40); // the compressed pixels, not the header
  const { err } = await rejection({ bytes: bad, contentType: "image/png" });
  assert.equal(err.reason, "corrupt");
  assert.match(err.message, /could not be decoded/);
});

test("a text-layer PDF is read without OCR", async () => {
  const lines = ["Invoice 5531 from Globex Corporation", "Consulting services, March 2024", "Total due: 1,250.00 EUR"];
  const started = performance.now();
  const result = await extractText(pdf(makePdf(lines.join("\n"))), { pool, limits: DEFAULT_TEXT_LIMITS });
  assert.ok(performance.now() - started < 1000);
  assert.equal(result.pages.length, 1);
  assert.equal(result.pages[0].source, "text-layer");
  assert.equal(result.text, lines.join("\n"));
  assert.deepEqual(result.languages, []);
  const multi = await extractText(pdf(makeTextPdf([INVOICE_LINES, ["Page two of the invoice: terms and conditions apply", "Payment within 30 days"]])), { pool, limits: DEFAULT_TEXT_LIMITS });
  assert.deepEqual(multi.pages.map((p) => [p.number, p.source]), [[1, "text-layer"], [2, "text-layer"]]);
  assert.match(multi.pages[0].text, /Invoice Number: INV-20417/);
  assert.match(multi.pages[1].text, /Payment within 30 days/);
});

test("none of the above started an OCR worker", () => {
  assert.deepEqual(pool.stats(), { size: 1, workers: 0, busy: 0, queued: 0, pagesRead: 0, recycled: 0, started: 0 });
});
