// The `raw` field of a Gmail messages.get answer decoded as the answer streams in (lib/mail/gmail/raw-stream.ts).
import { test } from "node:test";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { Readable } from "node:stream";
import { rawField } from "@/lib/mail/gmail/raw-stream";

async function decode(pieces: string[]): Promise<Buffer> {
  const out: Buffer[] = [];
  for await (const b of rawField(Readable.from(pieces.map((p) => Buffer.from(p))))) out.push(b);
  return Buffer.concat(out);
}

function split(text: string, size: number): string[] {
  const pieces: string[] = [];
  for (let i = 0; i < text.length; i += size) pieces.push(text.slice(i, i + size));
  return pieces;
}

test("the top-level raw string is decoded whole, however the answer is cut into pieces", async () => {
  const message = Buffer.concat([Buffer.from("From: a@b.test\r\nSubject: Rechnung für März\r\n\r\n"), randomBytes(50_001)]);
  // Other fields named raw, quoted "raw" in the snippet, and raw among the labels are not the message.
  const answer = JSON.stringify(
    { id: "18c", labelIds: ["raw", "INBOX"], snippet: 'see the "raw": "AAAA" field', payload: { raw: "QUJD" }, sizeEstimate: message.length, raw: message.toString("base64url"), historyId: "9" },
    null,
    1,
  );
  for (const size of [1, 3, 4, 7, 1000, 65_536]) assert.ok((await decode(split(answer, size))).equals(message), `pieces of ${size}`);
});

test("an answer without the message, or one that is not JSON, is an error rather than an empty message", async () => {
  await assert.rejects(decode(['{"id":"1","payload":{"raw":"QUJD"}}']), /no message/);
  await assert.rejects(decode(["<html>Service Unavailable</html>"]), /expected a value/i);
  await assert.rejects(decode(['{"id":"1","raw":"QUJD']), (err: Error) => err instanceof Error);
});
