import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { chmod, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { eq, sql } from "drizzle-orm";
import { PgBoss } from "pg-boss";
import { generateKey, parseKeyring } from "@/lib/crypto/secrets";
import { BOSS_SCHEMA, enqueue } from "@/lib/queue";
import { accountFetchJob } from "@/lib/accounts/schemas";
import { attachments, emails } from "@/lib/db/schema/mail";
import { fetchRuns, mailAccounts } from "@/lib/db/schema/accounts";
import { fetchAccount } from "@/lib/mail/fetch-account";
import { createStorage } from "@/lib/storage/storage";
import { logger } from "@/lib/logger";
import { documents } from "@/lib/db/schema/documents";
import { createDb, type DbHandle } from "@/lib/db/client";
import { startEmbeddedPostgres, type EmbeddedDatabase } from "@/lib/boot/embedded-postgres";
import { prepareDatabase } from "@/scripts/prepare-database";
import { startDovecot, type Dovecot } from "../support/dovecot";
import { buildMessage, makePdf } from "../support/mime";
import { makeImapAccount, makeUser } from "../support/factories";
import { spawnWorkerProcess } from "../support/worker";
import { waitFor } from "../support/wait";

const key = generateKey();
// More mailboxes than fetch lanes, so some are waiting or in flight when the database stops.
const ACCOUNTS = 6;
const PER_ACCOUNT = 24;
const TOTAL = ACCOUNTS * PER_ACCOUNT;
// Every other message carries an invoice: enough documents to be mid-way, few enough to finish soon.
const DOCUMENTS = TOTAL / 2;
// Most invoices have a text layer; every fourth is too short for one and goes through OCR, so
// long-running OCR jobs meet the outage too without the test spending minutes on OCR alone.
const invoiceText = (name: string, i: number) =>
  i % 8 === 0 ? `${name} invoice ${i} Total ${i}.00` : `${name} GmbH\nInvoice number ${name.toUpperCase()}-${i}\nInvoice date 2024-03-0${1 + (i % 9)}\nTotal EUR ${i}.00`;
let tmp: string;
let pgDir: string;
let pg: EmbeddedDatabase;
let port: number;
let handle: DbHandle;
let dovecot: Dovecot;

before(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), "mailroom-pg-restart-"));
  await chmod(tmp, 0o755); // as root, Postgres runs as the postgres user and must reach its folder
  pgDir = path.join(tmp, "pg");
  [pg, dovecot] = await Promise.all([startEmbeddedPostgres(pgDir), startDovecot()]);
  port = Number(new URL(pg.url).port);
  await prepareDatabase(pg.url);
  handle = createDb(pg.url, { max: 4 });
});

after(async () => {
  await handle?.close();
  await pg?.stop().catch(() => {}); // already stopped when the test failed during the outage
  await dovecot?.dispose();
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

const count = async (q: Promise<{ n: number }[]>) => (await q)[0].n;

test("PostgreSQL restarts while the worker fetches and processes: afterwards every email and document exists once and completes", async (t) => {
  const db = handle.db;
  const { companyId } = await makeUser(db);
  const accountIds: string[] = [];
  for (let a = 0; a < ACCOUNTS; a++) {
    const name = `restart${a}`;
    await dovecot.addUser({ name, password: "pw" });
    const messages = Array.from({ length: PER_ACCOUNT }, (_, i) =>
      i % 2
        ? buildMessage({ subject: `${name} note ${i}` })
        : buildMessage({ subject: `${name} invoice ${i}`, attachments: [{ filename: `${name}-${i}.pdf`, contentType: "application/pdf", content: makePdf(invoiceText(name, i), { padToBytes: 60_000 }) }] }),
    );
    await dovecot.fillMaildir(name, "INBOX", messages);
    accountIds.push((await makeImapAccount(db, parseKeyring(key), companyId, { email: `${name}@x.test`, username: name, host: dovecot.host, port: dovecot.port, password: "pw" })).id);
  }
  const stored = () => count(db.select({ n: sql<number>`count(*)::int` }).from(emails).where(eq(emails.companyId, companyId)));
  const started = () => count(db.select({ n: sql<number>`count(*)::int` }).from(documents).where(sql`${documents.companyId} = ${companyId} and ${documents.processingStage} <> 'pending'`));
  const completed = () => count(db.select({ n: sql<number>`count(*)::int` }).from(documents).where(sql`${documents.companyId} = ${companyId} and ${documents.processingStage} = 'all_completed'`));

  const boss = new PgBoss({ connectionString: pg.url, schema: BOSS_SCHEMA, supervise: false, schedule: false, max: 2 });
  boss.on("error", () => {});
  await boss.start();
  for (const id of accountIds) await enqueue(boss, accountFetchJob, { account_id: id, company_id: companyId }, { singletonKey: id });
  await boss.stop({ graceful: false, close: true });

  const worker = spawnWorkerProcess({ databaseUrl: pg.url, dataDir: path.join(tmp, "files"), encryptionKey: key, concurrency: 2, pipeOutput: true, env: { LOG_LEVEL: "warn" } });
  const exited = new Promise<number | null>((r) => worker.once("exit", (code) => r(code)));
  let output = "";
  worker.stdout!.on("data", (d) => (output += d));
  try {
    await waitFor("fetching and processing under way", async () => (await stored()) >= 5 && (await started()) >= 1, { timeoutMs: 120_000, intervalMs: 10 });
    const atStop = { stored: await stored(), completed: await completed() };
    await pg.stop();
    assert.ok(atStop.stored < TOTAL, `stopped mid-fetch (${atStop.stored} of ${TOTAL} emails stored)`);
    assert.ok(atStop.completed < DOCUMENTS, `stopped mid-processing (${atStop.completed} of ${DOCUMENTS} documents completed)`);
    // Down long enough for the worker to miss a heartbeat, so every part of it has met the outage.
    await waitFor("the worker to notice in its heartbeat", async () => output.includes("heartbeat failed"), { timeoutMs: 180_000, intervalMs: 100 });
    pg = await startEmbeddedPostgres(pgDir, { port });
    const restartedAt = Date.now();

    await waitFor(`all ${TOTAL} emails stored and ${DOCUMENTS} documents completed`, async () => {
      if (worker.exitCode !== null) throw new Error(`the worker exited with ${worker.exitCode}`);
      return (await completed()) === DOCUMENTS && (await stored()) >= TOTAL;
    }, { timeoutMs: 300_000, intervalMs: 500 });
    assert.equal(worker.exitCode, null, "the worker recovered by itself, without a restart");
    t.diagnostic(`at the stop: ${atStop.stored} emails, ${atStop.completed} documents completed; all completed ${Math.round((Date.now() - restartedAt) / 1000)} s after the restart`);
  } finally {
    worker.kill("SIGTERM");
    await exited;
  }

  assert.equal(await stored(), TOTAL, "no email lost, none twice");
  const uids = await db.select({ account: emails.accountId, uid: emails.uid }).from(emails).where(eq(emails.companyId, companyId));
  assert.equal(new Set(uids.map((u) => `${u.account}/${u.uid}`)).size, TOTAL);
  assert.equal(await count(db.select({ n: sql<number>`count(*)::int` }).from(attachments).where(eq(attachments.companyId, companyId))), DOCUMENTS);
  const docs = await db.select({ filename: documents.filename, status: documents.status, error: documents.errorMessage }).from(documents).where(eq(documents.companyId, companyId));
  assert.equal(docs.length, DOCUMENTS, "one document per attachment");
  assert.equal(new Set(docs.map((d) => d.filename)).size, DOCUMENTS);
  assert.deepEqual(docs.filter((d) => d.status !== "completed"), []);
  const retried = await handle.sql.unsafe(`select name, count(*)::int as n from ${BOSS_SCHEMA}.job where retry_count > 0 group by 1`);
  const bossErrors = output.split("\n").filter((l) => l.includes("pg-boss error")).length;
  t.diagnostic(`jobs retried: ${JSON.stringify(retried)}; pg-boss error lines: ${bossErrors}`);
  assert.ok(bossErrors <= 10, `the outage is a few log lines, not one per poll (${bossErrors})`);
});

test("a database failure in the middle of a fetch is retried and leaves the mailbox's status and error alone", async () => {
  const db = handle.db;
  const { companyId } = await makeUser(db);
  await dovecot.addUser({ name: "dbfail", password: "pw" });
  await dovecot.fillMaildir("dbfail", "INBOX", [buildMessage({ subject: "hello" })]);
  const { id } = await makeImapAccount(db, parseKeyring(key), companyId, { email: "dbfail@x.test", username: "dbfail", host: dovecot.host, port: dovecot.port, password: "pw" });
  const [before] = await db.select().from(mailAccounts).where(eq(mailAccounts.id, id));
  // A real statement failure from Postgres, at the first write a fetch makes for this account.
  await handle.sql.unsafe(`create function refuse_folder() returns trigger language plpgsql as $$ begin raise exception 'simulated database failure'; end $$`);
  await handle.sql.unsafe(`create trigger refuse_folder before insert on mail_folders for each row when (new.account_id = '${id}') execute function refuse_folder()`);
  const boss = new PgBoss({ connectionString: pg.url, schema: BOSS_SCHEMA, supervise: false, schedule: false, max: 1 });
  boss.on("error", () => {});
  await boss.start();
  try {
    const outcome = await fetchAccount({ db, boss, storage: createStorage({ dataDir: path.join(tmp, "files") }), keyring: parseKeyring(key), log: logger }, before, { batchSize: 100, maxAttachmentBytes: 25 * 1024 * 1024 });
    assert.equal(outcome.ok, false);
    assert.equal(!outcome.ok && outcome.retry, true, "pg-boss retries it");
    assert.doesNotMatch(!outcome.ok ? outcome.error.message : "", /insert|mail_folders|Failed query/);
  } finally {
    await boss.stop({ graceful: false, close: true });
    await handle.sql.unsafe("drop trigger refuse_folder on mail_folders; drop function refuse_folder()");
  }
  const [after] = await db.select().from(mailAccounts).where(eq(mailAccounts.id, id));
  assert.equal(after.status, before.status, "the mailbox is not marked unreachable");
  assert.doesNotMatch(after.lastError ?? "", /insert|mail_folders|Failed query/, "what people see has no SQL");
  assert.equal(after.retryAfter, before.retryAfter, "no back-off for the mailbox");
  const [run] = await db.select().from(fetchRuns).where(eq(fetchRuns.accountId, id));
  assert.equal(run.status, "error");
  assert.doesNotMatch(run.error ?? "", /insert|mail_folders/);
});
