// pdf.js parses on the thread it runs on: these tests show that a PDF built to keep it busy
// cannot hold a document past its deadline, nor stall the worker's event loop meanwhile.
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { deflateSync } from "node:zlib";
import { extractText, DEFAULT_TEXT_LIMITS } from "@/lib/ocr/extract-text";
import { createOcrPool } from "@/lib/ocr/pool";
import { pdfTextThreadStats } from "@/lib/ocr/pdf-text-thread";
import { DocumentRejected } from "@/lib/ocr/types";
import { INVOICE_LINES, makeTextPdf } from "../support/images";

const pool = createOcrPool({ size: 1, langs: ["eng"] });
after(() => pool.terminate());

/**
 * A few hundred KB that inflate to millions of text-drawing operators on one page: pdf.js takes
 * minutes over its text, synchronously (200,000 operators, a 24 KB file, blocked the loop 9 s).
 */
function textBombPdf(operators: number): Buffer {
  const content = deflateSync(Buffer.from("BT /F1 1 Tf 1 0 0 1 10 10 Tm (ab) Tj ET\n".repeat(operators), "latin1"), { level: 9 });
  const objects = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
  ].map((o) => Buffer.from(o));
  objects.push(Buffer.concat([Buffer.from(`<< /Length ${content.length} /Filter /FlateDecode >>\nstream\n`), content, Buffer.from("\nendstream")]));
  const chunks = [Buffer.from("%PDF-1.4\n")];
  const offsets: number[] = [];
  let offset = chunks[0].length;
  objects.forEach((body, i) => {
    offsets.push(offset);
    const obj = Buffer.concat([Buffer.from(`${i + 1} 0 obj\n`), body, Buffer.from("\nendobj\n")]);
    chunks.push(obj);
    offset += obj.length;
  });
  const xref = offsets.map((o) => `${String(o).padStart(10, "0")} 00000 n \n`).join("");
  chunks.push(Buffer.from(`xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${xref}trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${offset}\n%%EOF\n`));
  return Buffer.concat(chunks);
}

const read = (bytes: Buffer, timeoutMs = DEFAULT_TEXT_LIMITS.timeoutMs) => extractText({ bytes, contentType: "application/pdf" }, { pool, limits: { ...DEFAULT_TEXT_LIMITS, timeoutMs } });

test("a PDF whose text never finishes ends in a timeout at its deadline while the event loop keeps ticking", { timeout: 30_000 }, async (t) => {
  await read(makeTextPdf([INVOICE_LINES])); // a warm thread: its start-up is not part of the deadline below
  const bomb = textBombPdf(1_000_000); // about 45 s of pdf.js work
  let ticks = 0;
  let longestGap = 0;
  let last = performance.now();
  const ticker = setInterval(() => {
    const now = performance.now();
    longestGap = Math.max(longestGap, now - last);
    last = now;
    ticks++;
  }, 20);
  const started = performance.now();
  try {
    const err = await read(bomb, 1_500).then(() => assert.fail("expected a timeout"), (e: unknown) => e);
    const took = performance.now() - started;
    t.diagnostic(`answered after ${Math.round(took)} ms; longest event-loop gap ${Math.round(longestGap)} ms; ${ticks} ticks`);
    assert.ok(err instanceof DocumentRejected, String(err));
    assert.equal(err.reason, "timeout");
    assert.match(err.message, /longer than the limit of 1500 ms/);
    assert.ok(took < 1_500 + 1_500, `answered after ${Math.round(took)} ms`);
    assert.ok(longestGap < 750, `the event loop stalled for ${Math.round(longestGap)} ms`);
    assert.ok(ticks >= 10, `${ticks} ticks`);
  } finally {
    clearInterval(ticker);
  }
});

test("after a thread was killed, PDFs are read again, and one thread serves document after document", { timeout: 30_000 }, async () => {
  const before = pdfTextThreadStats().started;
  for (let i = 0; i < 3; i++) {
    const text = await read(makeTextPdf([INVOICE_LINES]));
    assert.match(text.text, /INVOICE/i);
  }
  assert.ok(pdfTextThreadStats().started - before <= 1, `${pdfTextThreadStats().started - before} threads started for three documents`);
  assert.equal(pdfTextThreadStats().idle, 1);
});
