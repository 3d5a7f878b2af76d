import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { readFile, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { PgBoss } from "pg-boss";
import { generateKey, parseKeyring } from "@/lib/crypto/secrets";
import { createStorage } from "@/lib/storage/storage";
import { storeMessages } from "@/lib/mail/store-messages";
import { documents } from "@/lib/db/schema/documents";
import { BOSS_SCHEMA } from "@/lib/queue";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { makeImapAccount, makeUser } from "../support/factories";
import { buildMessage, makePdf } from "../support/mime";
import { hugePngHeader, makeEncryptedPdf, truncate } from "../support/images";
import { startTestWorker } from "../support/worker";
import { waitFor } from "../support/wait";

const FIXTURES = path.resolve(__dirname, "../fixtures/invoices");
const key = generateKey();
let tdb: TestDatabase;
let dataDir: string;
let boss: PgBoss;
let worker: Awaited<ReturnType<typeof startTestWorker>>;
let seq = 0;

before(async () => {
  tdb = await createTestDatabase();
  dataDir = await mkdtemp(path.join(os.tmpdir(), "mailroom-pipeline-"));
  boss = new PgBoss({ connectionString: tdb.url, schema: BOSS_SCHEMA, supervise: false, schedule: false });
  boss.on("error", () => {});
  await boss.start();
  // A document size limit under the fetch's 25 MB: the worker's own setting is what rejects.
  worker = await startTestWorker({ databaseUrl: tdb.url, dataDir, encryptionKey: key, concurrency: 2, ocrLangs: "eng+heb", ocrLimits: { maxBytes: 3 * 1024 * 1024 } });
});

after(async () => {
  await worker?.stop();
  await boss?.stop({ graceful: false, close: true });
  await tdb?.drop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

/** Mails `file` to a fresh company the way a fetch stores it; the worker takes it from there. */
async function receive(filename: string, content: Buffer, contentType: string) {
  const { companyId } = await makeUser(tdb.db);
  const account = await makeImapAccount(tdb.db, parseKeyring(key), companyId, { email: "in@x.test", host: "127.0.0.1", port: 143, password: "pw" });
  const raw = Buffer.from(buildMessage({ from: "Billing <billing@vendor.test>", subject: `Document ${filename}`, attachments: [{ filename, contentType, content }] }));
  await storeMessages({ db: tdb.db, boss, storage: createStorage({ dataDir }) }, { companyId, accountId: account.id, folder: "INBOX", uidValidity: 1 }, [{ uid: ++seq, raw }], { maxAttachmentBytes: 25 * 1024 * 1024, filters: {} });
  const [doc] = await tdb.db.select().from(documents).where(eq(documents.accountId, account.id));
  return doc.id;
}

async function finished(id: string, timeoutMs = 120_000) {
  return waitFor(`document ${id} to finish`, async () => {
    const [d] = await tdb.db.select().from(documents).where(eq(documents.id, id));
    return d.status === "completed" || d.status === "error" ? d : undefined;
  }, { timeoutMs, intervalMs: 200 });
}

const fixture = async (name: string) => ({
  bytes: await readFile(path.join(FIXTURES, name)),
  expected: JSON.parse(await readFile(path.join(FIXTURES, name.replace(/\.(pdf|png)$/, ".expected.json")), "utf8")),
});

describe("document pipeline", () => {
  test("a text-layer PDF invoice goes through every stage to its fields, line items and summary", async () => {
    const { bytes, expected } = await fixture("en-acme-classic.pdf");
    const d = await finished(await receive("invoice.pdf", bytes, "application/pdf"));
    assert.equal(d.status, "completed", d.errorMessage ?? "");
    assert.equal(d.processingStage, "all_completed");
    assert.equal(d.progressPercentage, 100);
    assert.equal(d.textSource, "text-layer");
    assert.match(d.text ?? "", /Acme/);
    assert.equal(d.extractor, "rules");
    assert.equal(d.fields.total?.value, expected.total);
    assert.equal(d.fields.number?.value, expected.number);
    assert.equal(d.fields.issue_date?.value, expected.issue_date);
    assert.equal(d.fields.currency?.value, expected.currency);
    assert.equal(d.lineItems.length, expected.line_items.length);
    assert.match(d.summary ?? "", /1042/);
    assert.equal(d.needsReview, false, JSON.stringify(d.reviewReasons));
  });

  test("a scanned English receipt is OCRed and its total extracted", async () => {
    const { bytes, expected } = await fixture("en-acme-scan.png");
    const d = await finished(await receive("scan.png", bytes, "image/png"));
    assert.equal(d.status, "completed", d.errorMessage ?? "");
    assert.equal(d.textSource, "ocr");
    assert.equal(d.fields.total?.value, expected.total);
  });

  test("a scanned Hebrew receipt is OCRed with Hebrew and its fields extracted", async () => {
    const { bytes, expected } = await fixture("he-carmel-super-scan.png");
    const d = await finished(await receive("קבלה.png", bytes, "image/png"));
    assert.equal(d.status, "completed", d.errorMessage ?? "");
    assert.equal(d.textSource, "ocr");
    assert.match(d.text ?? "", /קבלה/);
    assert.equal(d.fields.document_type?.value, expected.document_type);
    assert.equal(d.fields.issue_date?.value, expected.issue_date);
    assert.equal(d.fields.total?.value, expected.total);
    assert.equal(d.fields.currency?.value, "ILS");
  });

  test("a 30,000 x 30,000 PNG, a truncated PDF and an encrypted PDF end in error with a reason; the worker goes on", async () => {
    const huge = await finished(await receive("huge.png", hugePngHeader(), "image/png"));
    const cut = await finished(await receive("cut.pdf", truncate(makePdf("A PDF cut in the middle of its bytes", { padToBytes: 20_000 })), "application/pdf"));
    const locked = await finished(await receive("locked.pdf", makeEncryptedPdf(["Invoice 7", "Total 10.00"]), "application/pdf"));
    assert.deepEqual([huge.status, huge.errorReason], ["error", "too_many_pixels"]);
    assert.match(huge.errorMessage ?? "", /pixel/i);
    assert.deepEqual([cut.status, cut.errorReason], ["error", "corrupt"]);
    assert.deepEqual([locked.status, locked.errorReason], ["error", "encrypted"]);
    assert.match(locked.errorMessage ?? "", /password|encrypt/i);
    const big = await finished(await receive("big.pdf", makePdf("Invoice 9 Total 1.00", { padToBytes: 4 * 1024 * 1024 }), "application/pdf"));
    assert.deepEqual([big.status, big.errorReason], ["error", "too_large"]);
    assert.match(big.errorMessage ?? "", /4\.0 MB, over the limit of 3\.0 MB/);
    // The same worker still completes a good document afterwards.
    const ok = await finished(await receive("after.pdf", makePdf("Invoice 5 Total 12.00 USD"), "application/pdf"));
    assert.equal(ok.status, "completed");
  });
});
