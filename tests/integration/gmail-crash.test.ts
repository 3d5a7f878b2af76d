import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { eq, sql } from "drizzle-orm";
import { PgBoss } from "pg-boss";
import { generateKey, parseKeyring } from "@/lib/crypto/secrets";
import { BOSS_SCHEMA, enqueue } from "@/lib/queue";
import { accountFetchJob } from "@/lib/accounts/schemas";
import { emails } from "@/lib/db/schema/mail";
import { documents } from "@/lib/db/schema/documents";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { buildMessage, makePdf } from "../support/mime";
import { makeGmailAccount, makeUser } from "../support/factories";
import { googleEnv, startFakeGoogle, type FakeGoogle } from "../support/google";
import { spawnWorkerProcess } from "../support/worker";
import { waitFor } from "../support/wait";

const key = generateKey();
let tdb: TestDatabase;
let google: FakeGoogle;
let dataDir: string;
let boss: PgBoss;

before(async () => {
  [tdb, google, dataDir] = await Promise.all([createTestDatabase(), startFakeGoogle(), mkdtemp(path.join(os.tmpdir(), "mailroom-gmail-crash-"))]);
  boss = new PgBoss({ connectionString: tdb.url, schema: BOSS_SCHEMA, supervise: false, schedule: false });
  boss.on("error", () => {});
  await boss.start();
});

after(async () => {
  await boss?.stop({ graceful: false, close: true });
  await google?.close();
  await tdb?.drop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

test("SIGKILL of the worker in the middle of a Gmail sync, then a restart: nothing lost, nothing duplicated", async () => {
  const { companyId } = await makeUser(tdb.db);
  const email = "crash@gmail.test";
  const total = 250;
  for (let i = 0; i < total; i++) {
    google.deliver(email, buildMessage({ subject: `Invoice ${i}`, attachments: [{ filename: `inv-${i}.pdf`, contentType: "application/pdf", content: makePdf(`Invoice ${i}`, { padToBytes: 20_000 }) }] }));
  }
  const account = await makeGmailAccount(tdb.db, parseKeyring(key), companyId, { email, refreshToken: google.mintRefreshToken(email) });
  const count = async (q: Promise<{ n: number }[]>) => (await q)[0].n;
  const stored = () => count(tdb.db.select({ n: sql<number>`count(*)::int` }).from(emails).where(eq(emails.accountId, account.id)));
  const opts = { databaseUrl: tdb.url, dataDir, encryptionKey: key, concurrency: 2, env: googleEnv(google, "http://mailroom.test") };

  const first = spawnWorkerProcess(opts);
  const exited = new Promise((r) => first.once("exit", r));
  try {
    await enqueue(boss, accountFetchJob, { account_id: account.id, company_id: companyId }, { singletonKey: account.id });
    await waitFor("the sync to be under way", async () => (await stored()) >= 1, { timeoutMs: 60_000, intervalMs: 10 });
  } finally {
    first.kill("SIGKILL");
    await exited;
  }
  const atKill = await stored();
  assert.ok(atKill < total, `killed mid-sync (${atKill} of ${total} stored)`);

  const second = spawnWorkerProcess(opts);
  const secondExit = new Promise((r) => second.once("exit", r));
  try {
    // The killed job stays active until it expires; a new request runs now and resumes from the stored page token.
    await enqueue(boss, accountFetchJob, { account_id: account.id, company_id: companyId }, { singletonKey: account.id });
    await waitFor(`all ${total} emails`, async () => (await stored()) === total, { timeoutMs: 120_000 });
    await waitFor("the listing to finish", async () => (await tdb.sql`select gmail_sync_page_token from mail_accounts where id = ${account.id}`)[0].gmail_sync_page_token === null, { timeoutMs: 60_000 });
  } finally {
    second.kill("SIGTERM");
    await secondExit;
  }
  const ids = await tdb.db.select({ id: emails.providerMessageId }).from(emails).where(eq(emails.accountId, account.id));
  assert.equal(new Set(ids.map((r) => r.id)).size, total);
  assert.equal(await count(tdb.db.select({ n: sql<number>`count(*)::int` }).from(documents).where(eq(documents.accountId, account.id))), total);
  const jobs = await tdb.sql.unsafe(
    `select data->>'document_id' as id, count(*)::int as n from ${BOSS_SCHEMA}.job where name = 'document.process' and data->>'company_id' = $1 group by 1`,
    [companyId],
  );
  assert.equal(jobs.length, total, "every document has a processing job");
  assert.ok(jobs.every((j) => j.n === 1), "and only one");
});
