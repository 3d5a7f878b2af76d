import { after, before, test } from "node:test";
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
import { buildMessage } from "../support/mime";
import { spawnWorkerProcess } from "../support/worker";
import { waitFor } from "../support/wait";

const key = generateKey();
let tdb: TestDatabase;
let dataDir: string;
let boss: PgBoss;

before(async () => {
  tdb = await createTestDatabase();
  dataDir = await mkdtemp(path.join(os.tmpdir(), "mailroom-crash-"));
  boss = new PgBoss({ connectionString: tdb.url, schema: BOSS_SCHEMA, supervise: false, schedule: false });
  boss.on("error", () => {});
  await boss.start();
});

after(async () => {
  await boss?.stop({ graceful: false, close: true });
  await tdb?.drop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

test("a worker killed during OCR: after a restart the document is read and completed, once", async () => {
  const { companyId } = await makeUser(tdb.db);
  const account = await makeImapAccount(tdb.db, parseKeyring(key), companyId, { email: "in@x.test", host: "127.0.0.1", port: 143, password: "pw" });
  const scan = await readFile(path.resolve(__dirname, "../fixtures/invoices/en-acme-scan.png"));
  const raw = Buffer.from(buildMessage({ subject: "scan", attachments: [{ filename: "scan.png", contentType: "image/png", content: scan }] }));
  await storeMessages({ db: tdb.db, boss, storage: createStorage({ dataDir }) }, { companyId, accountId: account.id, folder: "INBOX", uidValidity: 1 }, [{ uid: 1, raw }], { maxAttachmentBytes: 25 * 1024 * 1024, filters: {} });
  const [doc] = await tdb.db.select().from(documents).where(eq(documents.accountId, account.id));
  const row = async () => (await tdb.db.select().from(documents).where(eq(documents.id, doc.id)))[0];
  const opts = { databaseUrl: tdb.url, dataDir, encryptionKey: key, concurrency: 1 };

  const first = spawnWorkerProcess(opts);
  const firstExit = new Promise((r) => first.once("exit", r));
  try {
    await waitFor("OCR to start", async () => (await row()).processingStage === "ocr", { timeoutMs: 60_000, intervalMs: 10 });
  } finally {
    first.kill("SIGKILL");
    await firstExit;
  }
  const killed = await row();
  assert.equal(killed.status, "processing", "killed in the middle of reading");
  assert.equal(killed.text, null);

  const second = spawnWorkerProcess(opts);
  const secondExit = new Promise((r) => second.once("exit", r));
  try {
    // The dead run's job misses its heartbeats, is failed by supervision and retried by the new worker.
    const done = await waitFor("the document to complete", async () => {
      const d = await row();
      return d.status === "completed" || d.status === "error" ? d : undefined;
    }, { timeoutMs: 180_000, intervalMs: 250 });
    assert.equal(done.status, "completed", done.errorMessage ?? "");
    assert.equal(done.textSource, "ocr");
    assert.match(done.text ?? "", /Acme/i);
    assert.ok(done.fields.total, "fields extracted after the restart");
  } finally {
    second.kill("SIGTERM");
    await secondExit;
  }
  assert.equal((await tdb.db.select().from(documents).where(eq(documents.companyId, companyId))).length, 1, "still one document");
});
