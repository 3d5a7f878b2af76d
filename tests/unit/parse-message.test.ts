import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { test } from "node:test";
import { simpleParser } from "mailparser";
import { parseMessage, PARSER_OPTIONS } from "@/lib/mail/parse";
import { buildBrokenMessage, buildForwarded, buildMessage, makePdf, makePng } from "../support/mime";

// parseMessage feeds the parser a large message in pieces: whatever the pieces cut (a header, a
// base64 line, a boundary, a forwarded message), the result is what the whole message gives.
async function assertSameAsWhole(raw: Buffer) {
  const mine = await parseMessage(raw);
  const whole = await simpleParser(raw, PARSER_OPTIONS);
  assert.equal(mine.subject, whole.subject);
  assert.equal(mine.text, whole.text);
  assert.equal(mine.messageId, whole.messageId);
  return mine;
}

test("a large message is parsed in pieces exactly as it is whole: attachments byte for byte, forwarded ones too", async () => {
  const pdf = makePdf("Invoice 7\nTotal due: 310.00 EUR", { padToBytes: 300_000 });
  const png = makePng({ width: 400, height: 300, seed: 3 });
  const innerPdf = makePdf("Receipt 9\nTotal 12.50", { padToBytes: 150_000 });
  const inner = buildMessage({ subject: "Receipt", text: "Inner", attachments: [{ filename: "receipt.pdf", contentType: "application/pdf", content: innerPdf }] });
  // A long text body too: pieces cut it as well.
  const text = "Please find the documents attached. ".repeat(5_000);
  const raw = Buffer.from(
    buildForwarded(inner, {
      subject: "Fwd: Rechnung für März",
      text,
      attachments: [
        { filename: "invoice.pdf", contentType: "application/pdf", content: pdf },
        { filename: "scan.png", contentType: "image/png", content: png },
        { filename: "noise.bin", contentType: "application/octet-stream", content: randomBytes(200_000) },
      ],
    }),
  );
  assert.ok(raw.length > 4 * 64 * 1024, "the message spans many pieces");

  const parsed = await assertSameAsWhole(raw);
  assert.equal(parsed.subject, "Fwd: Rechnung für März");
  assert.equal(parsed.text?.trim(), text.trim());
  const byName = new Map(parsed.parts.map((p) => [p.filename, p.content]));
  assert.deepEqual(byName.get("invoice.pdf"), pdf);
  assert.deepEqual(byName.get("scan.png"), png);
  assert.deepEqual(byName.get("receipt.pdf"), innerPdf, "the forwarded message's attachment, opened");
  assert.equal(byName.get("noise.bin")?.length, 200_000);
});

test("broken MIME across pieces parses as it does whole", async () => {
  const big = makePdf("Padding", { padToBytes: 200_000 });
  for (const variant of ["missing-boundary", "unclosed", "bad-base64", "kitchen-sink"] as const) {
    // The broken message, then a large attachment after it in a message of its own, so the break falls among pieces.
    const raw = Buffer.from(buildForwarded(buildBrokenMessage(variant), { attachments: [{ filename: "big.pdf", contentType: "application/pdf", content: big }] }));
    const parsed = await assertSameAsWhole(raw);
    assert.deepEqual(parsed.parts.find((p) => p.filename === "big.pdf")?.content, big, variant);
  }
});
