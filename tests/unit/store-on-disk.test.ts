import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, readdir, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";
import { analyzeMessageHere, analyzeMessages, analyzeThreadStats, storeOnDisk, THREAD_MIN_BYTES } from "@/lib/mail/analyze";
import { documentKey, rawEmailKey } from "@/lib/storage/keys";
import { buildMessage, makePdf } from "../support/mime";

// What a parse thread does with a message when files go to local disk (lib/mail/analyze-worker.ts).
let dir: string;
before(async () => (dir = await mkdtemp(path.join(os.tmpdir(), "mailroom-store-on-disk-"))));
after(() => rm(dir, { recursive: true, force: true }));

const pdf = makePdf("Invoice 5", { padToBytes: 50_000 });
const excluded = makePdf("Statement", { padToBytes: 40_000 });
const raw = Buffer.from(
  buildMessage({
    attachments: [
      { filename: "invoice-5.pdf", contentType: "application/pdf", content: pdf },
      { filename: "copy.pdf", contentType: "application/pdf", content: pdf },
      { filename: "statement.pdf", contentType: "application/pdf", content: excluded },
    ],
  }),
);
const sha = (b: Buffer) => createHash("sha256").update(b).digest("hex");

test("the message and each kept file are written once under their keys; the answer carries no bytes", async () => {
  const root = path.join(dir, "files");
  const analysis = await analyzeMessageHere(raw, 25e6);
  const stored = storeOnDisk(raw, analysis, { root, companyId: "c1", filters: { filename_exclude: ["statement*"] } }, new Set());
  assert.ok(stored);
  assert.equal(stored.stored, "local");
  assert.deepEqual(await readFile(path.join(root, rawEmailKey("c1", sha(raw)))), raw);
  assert.deepEqual(await readFile(path.join(root, documentKey("c1", sha(pdf)))), pdf);
  assert.equal(existsSync(path.join(root, documentKey("c1", sha(excluded)))), false, "the filter applies before writing");
  assert.deepEqual(
    stored.decisions.map((d) => [d.filename, d.keep, "content" in d]),
    [
      ["invoice-5.pdf", true, false],
      ["copy.pdf", true, false],
      ["statement.pdf", false, false],
    ],
  );
  const documentsDir = path.join(root, "c1", "documents", sha(pdf).slice(0, 2));
  assert.deepEqual(await readdir(documentsDir), [sha(pdf)], "the same content twice is one file, and no temp file is left");
});

test("a write that fails answers nothing stored, so the caller stores the bytes itself", async () => {
  const blocked = path.join(dir, "blocked");
  await writeFile(blocked, "a file where the folder should be");
  const analysis = await analyzeMessageHere(raw, 25e6);
  assert.equal(storeOnDisk(raw, analysis, { root: blocked, companyId: "c1", filters: {} }, new Set()), undefined);
  assert.ok(analysis.decisions.some((d) => d.keep && d.content.length === pdf.length), "the analysis still holds the bytes");
});

test("through a parse thread: a message handed over is stored there, or comes back whole to be stored by the caller", async () => {
  const root = path.join(dir, "thread-files");
  const given = Buffer.from(raw); // owns its memory: handed over, not copied
  const [stored] = await analyzeMessages([given], 25e6, { root, companyId: "c2", filters: {} });
  assert.ok(!("raw" in stored) && stored.analysis.stored === "local");
  assert.equal(given.length, 0, "the caller's bytes went to the thread");
  assert.deepEqual(await readFile(path.join(root, rawEmailKey("c2", sha(raw)))), raw);
  assert.deepEqual(await readFile(path.join(root, documentKey("c2", sha(pdf)))), pdf);

  const blocked = path.join(dir, "blocked-too");
  await writeFile(blocked, "not a folder");
  const [back] = await analyzeMessages([Buffer.from(raw)], 25e6, { root: blocked, companyId: "c2", filters: {} });
  assert.ok("raw" in back, "not stored");
  assert.deepEqual(back.raw, raw, "the bytes came back whole");
  assert.deepEqual(back.analysis.decisions.filter((d) => d.keep).map((d) => d.keep && d.content), [pdf, pdf, excluded]);

  const view = Buffer.from(raw.toString("latin1") + "          ", "latin1").subarray(0, raw.length); // a view: copied, the caller keeps it
  const [kept] = await analyzeMessages([view], 25e6);
  assert.ok("raw" in kept && kept.raw === view && view.length === raw.length, "without disk the caller's bytes stay");
});

test("a batch goes to the thread in one request: each message answered in its place, small ones analysed here", async () => {
  const root = path.join(dir, "batch-files");
  const invoices = [1, 2, 3].map((n) => makePdf(`Invoice ${n}`, { padToBytes: 40_000 + n }));
  const large = invoices.map((content, n) => Buffer.from(buildMessage({ subject: `Invoice ${n + 1}`, attachments: [{ filename: `invoice-${n + 1}.pdf`, contentType: "application/pdf", content }] })));
  const small = Buffer.from(buildMessage({ subject: "A note", text: "No attachment." }));
  const broken = Buffer.from(`Content-Type: multipart/mixed; boundary="x"\r\nSubject: Broken\r\n\r\n--x\r\nContent-Type: application/pdf\r\nContent-Transfer-Encoding: base64\r\n\r\n${"@@not base64@@".repeat(4000)}\r\n`);
  assert.ok(large.every((m) => m.length >= THREAD_MIN_BYTES) && broken.length >= THREAD_MIN_BYTES && small.length < THREAD_MIN_BYTES);
  const given = [large[0], small, broken, large[1], large[2]];
  const hashes = given.map(sha);
  const shared = new Uint8Array(large[0]).buffer; // a copy, for later: one memory behind two messages is handed over once
  const requestsBefore = analyzeThreadStats()?.requests ?? 0;
  const answers = await analyzeMessages(given, 25e6, { root, companyId: "c3", filters: {} });
  assert.equal((analyzeThreadStats()?.requests ?? 0) - requestsBefore, 1, "four large messages, one request");
  assert.deepEqual(answers.map((a) => a.analysis.rawSha256), hashes, "each answer in its message's place");
  assert.deepEqual(answers.map((a) => a.analysis.parsed?.subject), ["Invoice 1", "A note", "Broken", "Invoice 2", "Invoice 3"]);
  assert.ok("raw" in answers[1] && answers[1].raw === small, "the small message stayed here, its bytes the caller's");
  for (const i of [0, 2, 3, 4]) assert.ok(!("raw" in answers[i]) && answers[i].analysis.stored === "local", `message ${i} stored by the thread`);
  for (const [n, content] of invoices.entries()) assert.deepEqual(await readFile(path.join(root, documentKey("c3", sha(content)))), content, `invoice ${n + 1}`);
  const twice = await analyzeMessages([Buffer.from(shared), Buffer.from(shared)], 25e6, { root, companyId: "c3", filters: {} });
  assert.deepEqual(twice.map((a) => [a.analysis.rawSha256, "stored" in a.analysis]), [[hashes[0], true], [hashes[0], true]]);
  assert.deepEqual(await readFile(path.join(root, rawEmailKey("c3", hashes[2]))), Buffer.from(`Content-Type: multipart/mixed; boundary="x"\r\nSubject: Broken\r\n\r\n--x\r\nContent-Type: application/pdf\r\nContent-Transfer-Encoding: base64\r\n\r\n${"@@not base64@@".repeat(4000)}\r\n`));
});

test("a message handed to the thread is answered by the thread alone, never analysed here as the empty buffer it leaves behind", async () => {
  const root = path.join(dir, "handed-over");
  const messages = [1, 2, 3].map((n) => Buffer.from(buildMessage({ subject: `Handed over ${n}`, attachments: [{ filename: `h-${n}.pdf`, contentType: "application/pdf", content: makePdf(`Handed ${n}`, { padToBytes: THREAD_MIN_BYTES }) }] })));
  for (let round = 0; round < 3; round++) {
    const pending = analyzeMessages(messages.map((m) => Buffer.from(m)), 25e6, { root, companyId: "c4", filters: {} });
    // An event loop busy elsewhere, as a worker's is: the thread answers before anything here goes on.
    for (const until = Date.now() + 30; Date.now() < until; );
    const answers = await pending;
    assert.deepEqual(answers.map((a) => [a.analysis.rawSha256, "stored" in a.analysis]), messages.map((m) => [sha(m), true]), `round ${round}`);
  }
});
