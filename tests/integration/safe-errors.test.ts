// Database and file-store failures reach people as a code and a sentence: never the SQL, its
// parameters, a file path, a bucket or an endpoint (those go to the log).
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { PgBoss } from "pg-boss";
import { generateKey, parseKeyring } from "@/lib/crypto/secrets";
import { createStorage } from "@/lib/storage/storage";
import { s3Storage } from "@/lib/storage/s3";
import { storeMessages } from "@/lib/mail/store-messages";
import { fetchAccount } from "@/lib/mail/fetch-account";
import { getAccount } from "@/lib/accounts/service";
import { processDocument, type PipelineDeps } from "@/lib/documents/pipeline";
import { mailAccounts, fetchRuns } from "@/lib/db/schema/accounts";
import { documents } from "@/lib/db/schema/documents";
import { BOSS_SCHEMA } from "@/lib/queue";
import { logger } from "@/lib/logger";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { startDovecot, type Dovecot } from "../support/dovecot";
import { startS3, type S3Server } from "../support/s3";
import { makeImapAccount, makeUser } from "../support/factories";
import { buildMessage, makePdf } from "../support/mime";
import { call, useWebEnv } from "../support/web";

const key = generateKey();
const ring = parseKeyring(key);
let tdb: TestDatabase;
let dovecot: Dovecot;
let s3: S3Server;
let boss: PgBoss;
let dataDir: string;
let seq = 0;

before(async () => {
  [tdb, dovecot, s3, dataDir] = await Promise.all([createTestDatabase(), startDovecot(), startS3(), mkdtemp(path.join(os.tmpdir(), "mailroom-safe-errors-"))]);
  useWebEnv(tdb.url, { ENCRYPTION_KEY: key, AUTH_SECRET: "test-secret-test-secret", DATA_DIR: dataDir });
  boss = new PgBoss({ connectionString: tdb.url, schema: BOSS_SCHEMA, supervise: false, schedule: false });
  boss.on("error", () => {});
  await boss.start();
});

after(async () => {
  const { services } = await import("@/lib/web/services");
  await (await services().boss()).stop({ graceful: false, close: true });
  await boss.stop({ graceful: false, close: true });
  await Promise.all([dovecot.dispose(), s3.dispose()]);
  await tdb.drop();
  await rm(dataDir, { recursive: true, force: true });
});

/** Nothing of the query, the data folder, the bucket or the endpoint; a code in its place. */
function assertSafe(text: string | null | undefined, code: string, secrets: string[] = []) {
  assert.ok(text, "an error was recorded");
  assert.doesNotMatch(text, /\b(select|insert|update|delete)\b|Failed query|params:/i, text);
  assert.doesNotMatch(text, /\/(tmp|data|var|home)\//, text);
  for (const s of secrets) assert.ok(!text.includes(s), `"${text}" names ${s}`);
  assert.ok(text.includes(code), `"${text}" has the code ${code}`);
}

/** A stored document in a fresh company, the way a fetch leaves it. */
async function storedDocument() {
  const { companyId } = await makeUser(tdb.db);
  const account = await makeImapAccount(tdb.db, ring, companyId, { email: "in@x.test", host: "127.0.0.1", port: 143, password: "pw" });
  const raw = Buffer.from(buildMessage({ subject: "Invoice", attachments: [{ filename: "invoice.pdf", contentType: "application/pdf", content: makePdf(`Invoice ${++seq}`) }] }));
  await storeMessages({ db: tdb.db, boss, storage: createStorage({ dataDir }) }, { companyId, accountId: account.id, folder: "INBOX", uidValidity: 1 }, [{ uid: seq, raw }], { maxAttachmentBytes: 1e7, filters: {} });
  const [doc] = await tdb.db.select().from(documents).where(eq(documents.accountId, account.id));
  return { companyId, doc };
}

function pipelineDeps(overrides: Partial<PipelineDeps>): PipelineDeps {
  return {
    db: tdb.db,
    storage: createStorage({ dataDir }),
    log: logger,
    readText: async () => ({ text: "Invoice", pages: [{ number: 1, text: "Invoice", source: "text-layer" }], languages: [] }),
    extract: async () => assert.fail("not reached"),
    check: () => [],
    ...overrides,
  };
}

describe("errors people see", () => {
  test("a failing database query answers with a code and a sentence, never its SQL", async () => {
    const { token } = await makeUser(tdb.db);
    const rules = await import("@/app/api/categories/rules/route");
    await tdb.sql.unsafe("alter table category_rules rename to category_rules_away");
    try {
      const res = await call(rules.GET, { token });
      assert.equal(res.status, 500);
      assert.equal(res.json.error.code, "database.failed");
      assertSafe(JSON.stringify(res.json.error), "database.failed", ["category_rules"]);
    } finally {
      await tdb.sql.unsafe("alter table category_rules_away rename to category_rules");
    }
  });

  test("a document that fails on a database error keeps a code and a sentence, not the query or its parameters", async () => {
    const { companyId, doc } = await storedDocument();
    // Postgres refuses text with a NUL byte: a real failure of the statement that saves the text.
    const text = "Total 100\u0000 secret-parameter";
    const deps = pipelineDeps({ readText: async () => ({ text, pages: [{ number: 1, text, source: "text-layer" }], languages: [] }) });
    const outcome = await processDocument(deps, { documentId: doc.id, companyId }, { final: true });
    assert.equal(outcome.status, "error");
    const [row] = await tdb.db.select().from(documents).where(eq(documents.id, doc.id));
    assertSafe(row.errorMessage, "database.failed", ["secret-parameter", "documents"]);
    assert.match(row.errorMessage!, /^Processing failed after retries: The database could not complete the request/);
  });

  test("a document whose bucket is gone says storage.failed, without the bucket or the endpoint", async () => {
    const { companyId, doc } = await storedDocument();
    await tdb.db.update(documents).set({ storageType: "s3" }).where(eq(documents.id, doc.id));
    const bucket = "mailroom-bucket-that-was-deleted";
    const remote = s3Storage({ endpoint: s3.endpoint, bucket, region: "us-east-1", accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey, limits: { attempts: 1 } });
    const outcome = await processDocument(pipelineDeps({ storage: createStorage({ dataDir, remote }) }), { documentId: doc.id, companyId }, { final: true });
    assert.equal(outcome.status, "error");
    const [row] = await tdb.db.select().from(documents).where(eq(documents.id, doc.id));
    assertSafe(row.errorMessage, "storage.failed", [bucket, s3.endpoint, "127.0.0.1", doc.fileKey]);
  });

  test("a data folder that cannot be written leaves the account's last error and its fetch run with a code, not a path", async () => {
    await dovecot.addUser({ name: "brokendisk", password: "pw-brokendisk" });
    await dovecot.append("brokendisk", "INBOX", buildMessage({ subject: "Invoice", attachments: [{ filename: "a.pdf", contentType: "application/pdf", content: makePdf("A") }] }));
    const { companyId } = await makeUser(tdb.db);
    const account = await makeImapAccount(tdb.db, ring, companyId, { email: "brokendisk@example.test", username: "brokendisk", host: dovecot.host, port: dovecot.port, password: "pw-brokendisk" });
    // Where the files folder should be there is a file: every write fails, even as root.
    const brokenDir = await mkdtemp(path.join(os.tmpdir(), "mailroom-broken-disk-"));
    await writeFile(path.join(brokenDir, "files"), "not a folder");
    try {
      const deps = { db: tdb.db, boss, storage: createStorage({ dataDir: brokenDir }), keyring: ring, log: logger };
      const r = await fetchAccount(deps, await getAccount(tdb.db, companyId, account.id), { batchSize: 10, maxAttachmentBytes: 1e7 });
      assert.equal(r.ok, false);
      const [acc] = await tdb.db.select().from(mailAccounts).where(eq(mailAccounts.id, account.id));
      assertSafe(acc.lastError, "storage.failed", [brokenDir, "files/"]);
      assert.match(acc.lastError!, /^Could not store messages 1-1 of "INBOX": The file store could not save a file/);
      const [run] = await tdb.db.select().from(fetchRuns).where(eq(fetchRuns.accountId, account.id));
      assert.equal(run.error, acc.lastError);
    } finally {
      await rm(brokenDir, { recursive: true, force: true });
    }
  });
});
