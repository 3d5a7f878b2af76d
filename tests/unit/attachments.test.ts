import { test } from "node:test";
import assert from "node:assert/strict";
import { globMatch, sanitizeFilename, sniffType, textMatches } from "@/lib/mail/attachments";
import { decideAttachment } from "@/lib/mail/parse";
import { callInThread } from "../support/in-thread";

test("file names cannot climb out of folders or hide", () => {
  assert.equal(sanitizeFilename("../../etc/passwd", "attachment-1"), "passwd");
  assert.equal(sanitizeFilename("..\\..\\x.pdf", "attachment-1"), "x.pdf");
  assert.equal(sanitizeFilename("....", "attachment-1", "application/pdf"), "attachment-1.pdf");
  assert.equal(sanitizeFilename(".htaccess", "a"), "htaccess");
  assert.equal(sanitizeFilename("a\u0000b\nc.pdf", "a"), "abc.pdf");
  assert.equal(sanitizeFilename("חשבונית 12.pdf", "a"), "חשבונית 12.pdf");
  assert.ok(sanitizeFilename("x".repeat(500) + ".pdf", "a").endsWith(".pdf"));
  assert.ok(sanitizeFilename("x".repeat(500) + ".pdf", "a").length <= 200);
});

test("content is sniffed from its bytes", () => {
  assert.equal(sniffType(Buffer.from("%PDF-1.4\n...")), "application/pdf");
  assert.equal(sniffType(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0])), "image/png");
  assert.equal(sniffType(Buffer.from([0xff, 0xd8, 0xff, 0xe0])), "image/jpeg");
  assert.equal(sniffType(Buffer.from("PK\u0003\u0004 zip")), undefined);
});

test("glob patterns match file names case-insensitively", () => {
  assert.ok(globMatch("*.pdf", "Invoice.PDF"));
  assert.ok(globMatch("invoice*", "invoice-2024.png"));
  assert.ok(!globMatch("invoice*", "my-invoice.pdf"));
  assert.ok(globMatch("inv?ice.pdf", "invoice.pdf"));
  assert.ok(globMatch("a+b(1).pdf", "A+B(1).pdf"), "regex characters are literal");
  assert.ok(textMatches("billing@", "Billing <billing@acme.com>"));
  assert.ok(textMatches("*@acme.com*", "Billing <billing@acme.com>"));
});

test("attachments that cannot be documents say why", () => {
  const max = { maxBytes: 1024 };
  const pdf = Buffer.from("%PDF-1.4 hello");
  const d = (content: Buffer, declaredType = "application/pdf", filename = "a.pdf", inline = false) =>
    decideAttachment({ filename, declaredType, content, inline }, 0, max);
  assert.equal(d(pdf).keep, true);
  assert.match(JSON.stringify(d(Buffer.alloc(0))), /empty attachment/);
  assert.match(JSON.stringify(d(Buffer.concat([pdf, Buffer.alloc(2048)]))), /larger than the/);
  assert.match(JSON.stringify(d(Buffer.from("not a pdf"))), /declared application\/pdf but the content is not a valid PDF/);
  assert.match(JSON.stringify(d(Buffer.from("hello"), "application/msword", "a.doc")), /unsupported file type/);
  const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2]);
  assert.match(JSON.stringify(d(png, "image/png", "", true)), /inline image/);
  const mislabelled = d(pdf, "application/octet-stream", "scan.bin");
  assert.ok(mislabelled.keep && mislabelled.contentType === "application/pdf", "a PDF sent as octet-stream is still a PDF");
});

test("glob patterns handle stars anywhere, several in a row, and ? as one character", () => {
  assert.ok(globMatch("*", ""));
  assert.ok(globMatch("**", "anything"));
  assert.ok(!globMatch("", "x"));
  assert.ok(globMatch("a*b*c", "a-x-b-y-c"));
  assert.ok(!globMatch("a*b*c", "a-x-b-y-cd"));
  assert.ok(globMatch("*invoice*2024*", "Re: INVOICE no. 17 / 2024 (copy)"));
  assert.ok(!globMatch("?", ""));
  assert.ok(globMatch("חשבונית ?.pdf", "חשבונית 5.PDF"));
  assert.ok(globMatch("?.pdf", "😀.pdf"), "? is one character, not one UTF-16 unit");
});

// The regex this replaced (`^.*a.*a…!$`) backtracked for minutes on this and froze the worker.
test("a pattern built to backtrack matches a 10,000-character subject in milliseconds", { timeout: 10_000 }, async () => {
  const subject = "a".repeat(10_000);
  const matched = await callInThread<boolean>("lib/mail/attachments.ts", "textMatches", ["*a*a*a*a*a*a*a*a*a*a*!", subject]);
  assert.equal(matched, false);
  assert.equal(await callInThread<boolean>("lib/mail/attachments.ts", "globMatch", ["*a*a*a*a*a*a*a*a*a*a*!", subject + "!"]), true);
});

test("a sender or subject is matched on its first 1,000 characters", () => {
  assert.ok(textMatches("*invoice*", "Invoice " + "x".repeat(5_000)));
  assert.ok(!textMatches("*invoice", "x".repeat(5_000) + " invoice"));
  assert.ok(!textMatches("invoice", "x".repeat(5_000) + " invoice"));
});
