import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { eq, isNotNull, sql } from "drizzle-orm";
import { PgBoss } from "pg-boss";
import { generateKey, parseKeyring } from "@/lib/crypto/secrets";
import { BOSS_SCHEMA, enqueue } from "@/lib/queue";
import { accountFetchJob } from "@/lib/accounts/schemas";
import { mailAccounts } from "@/lib/db/schema/accounts";
import { attachments, emails } from "@/lib/db/schema/mail";
import { documents } from "@/lib/db/schema/documents";
import { checkHealth } from "@/lib/health";
import { freePort } from "@/lib/boot/embedded-postgres";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { startDovecot, type Dovecot } from "../support/dovecot";
import { buildMessage, makePdf } from "../support/mime";
import { makeImapAccount, makeUser } from "../support/factories";
import { spawnWorkerProcess, startTestWorker } from "../support/worker";
import { waitFor } from "../support/wait";

let tdb: TestDatabase;
let dovecot: Dovecot;
let dataDir: string;
let boss: PgBoss;
const key = generateKey();
const ring = parseKeyring(key);

before(async () => {
  [tdb, dovecot, dataDir] = await Promise.all([createTestDatabase(), startDovecot(), mkdtemp(path.join(os.tmpdir(), "mailroom-worker-"))]);
  boss = new PgBoss({ connectionString: tdb.url, schema: BOSS_SCHEMA, supervise: false, schedule: false });
  boss.on("error", () => {});
  await boss.start();
});

after(async () => {
  await boss.stop({ graceful: false, close: true });
  await dovecot.dispose();
  await tdb.drop();
  await rm(dataDir, { recursive: true, force: true });
});

const count = async (q: Promise<{ n: number }[]>) => (await q)[0].n;
const message = (user: string, i: number, padToBytes?: number) =>
  buildMessage({ subject: `${user} invoice ${i}`, attachments: [{ filename: `inv-${i}.pdf`, contentType: "application/pdf", content: makePdf(`${user} invoice ${i}`, { padToBytes }) }] });

describe("worker", () => {
  test("50 accounts at once: the due job fetches all of them; broken ones fail alone", async () => {
    const { companyId } = await makeUser(tdb.db);
    const good: string[] = [];
    for (let i = 0; i < 48; i++) {
      const name = `many${i}`;
      await dovecot.addUser({ name, password: "pw" });
      await dovecot.fillMaildir(name, "INBOX", [message(name, 1), message(name, 2)]);
      good.push((await makeImapAccount(tdb.db, ring, companyId, { email: `${name}@x.test`, username: name, host: dovecot.host, port: dovecot.port, password: "pw" })).id);
    }
    await dovecot.addUser({ name: "wrongpw", password: "right" });
    const wrong = await makeImapAccount(tdb.db, ring, companyId, { email: "wrongpw@x.test", username: "wrongpw", host: dovecot.host, port: dovecot.port, password: "wrong" });
    const down = await makeImapAccount(tdb.db, ring, companyId, { email: "down@x.test", host: "127.0.0.1", port: await freePort(), password: "pw" });

    const worker = await startTestWorker({ databaseUrl: tdb.url, dataDir, encryptionKey: key, concurrency: 5 });
    try {
      await boss.send("accounts.fetch-due", {});
      await waitFor("96 emails from 48 accounts", async () => (await count(tdb.db.select({ n: sql<number>`count(*)::int` }).from(emails).where(eq(emails.companyId, companyId)))) === 96, { timeoutMs: 120_000 });
      const marked = (id: string, status: string) => async () => {
        const rows = await tdb.db.select().from(mailAccounts).where(eq(mailAccounts.id, id));
        return rows[0].status === status ? rows : undefined;
      };
      const [w] = await waitFor("the wrong password to be marked", marked(wrong.id, "auth_error"));
      const [d] = await waitFor("the unreachable account to be marked", marked(down.id, "unreachable"));
      assert.match(w.lastError ?? "", /Login failed/);
      assert.match(d.lastError ?? "", /refused/);
      // An account's run is recorded just after its last messages commit.
      await waitFor("48 accounts fetched and ok", async () => {
        const okAccounts = await tdb.db.select().from(mailAccounts).where(eq(mailAccounts.companyId, companyId));
        return okAccounts.filter((a) => a.status === "ok" && a.lastFetchAt).length === 48;
      });
      // Each of the 96 documents has its processing job (the pipeline itself is tested in pipeline.test.ts).
      const jobs = await tdb.sql.unsafe(`select count(distinct data->>'document_id')::int as n from ${BOSS_SCHEMA}.job where name = 'document.process'`);
      assert.ok(jobs[0].n >= 96);
      await waitFor("the worker to start processing documents", async () =>
        (await count(tdb.db.select({ n: sql<number>`count(*)::int` }).from(documents).where(isNotNull(documents.lastProcessedAt)))) > 0,
      );
      const health = await checkHealth(tdb.db);
      assert.equal(health.workers.length, 1, "the worker reports a heartbeat");
      assert.equal(health.status, "ok");
    } finally {
      await worker.stop();
    }
    assert.equal((await checkHealth(tdb.db)).workers.length, 0, "a stopped worker removes its heartbeat");
  });

  test("SIGKILL in the middle of a fetch, then a restart: nothing lost, nothing duplicated", async () => {
    const { companyId } = await makeUser(tdb.db);
    const name = "killme";
    const total = 150;
    await dovecot.addUser({ name, password: "pw" });
    await dovecot.fillMaildir(name, "INBOX", Array.from({ length: total }, (_, i) => message(name, i, 60_000)));
    const account = await makeImapAccount(tdb.db, ring, companyId, { email: "killme@x.test", username: name, host: dovecot.host, port: dovecot.port, password: "pw" });
    const stored = () => count(tdb.db.select({ n: sql<number>`count(*)::int` }).from(emails).where(eq(emails.accountId, account.id)));
    const opts = { databaseUrl: tdb.url, dataDir, encryptionKey: key, concurrency: 2 };

    const first = spawnWorkerProcess(opts);
    const exited = new Promise((r) => first.once("exit", r));
    try {
      await enqueue(boss, accountFetchJob, { account_id: account.id, company_id: companyId }, { singletonKey: account.id });
      await waitFor("the fetch to be under way", async () => (await stored()) >= 5, { timeoutMs: 60_000, intervalMs: 10 });
    } finally {
      first.kill("SIGKILL");
      await exited;
    }
    const atKill = await stored();
    assert.ok(atKill < total, `killed mid-fetch (${atKill} of ${total} stored)`);

    const second = spawnWorkerProcess(opts);
    const secondExit = new Promise((r) => second.once("exit", r));
    try {
      // The killed job stays active until it expires; a new request runs now.
      await enqueue(boss, accountFetchJob, { account_id: account.id, company_id: companyId }, { singletonKey: account.id });
      await waitFor(`all ${total} emails`, async () => (await stored()) === total, { timeoutMs: 120_000 });
    } finally {
      second.kill("SIGTERM");
      await secondExit;
    }
    const uids = await tdb.db.select({ uid: emails.uid }).from(emails).where(eq(emails.accountId, account.id));
    assert.equal(new Set(uids.map((u) => u.uid)).size, total);
    assert.equal(await count(tdb.db.select({ n: sql<number>`count(*)::int` }).from(documents).where(eq(documents.accountId, account.id))), total);
    assert.equal(await count(tdb.db.select({ n: sql<number>`count(*)::int` }).from(attachments).where(eq(attachments.companyId, companyId))), total);
    const jobs = await tdb.sql.unsafe(
      `select data->>'document_id' as id, count(*)::int as n from ${BOSS_SCHEMA}.job where name = 'document.process' and data->>'company_id' = $1 group by 1`,
      [companyId],
    );
    assert.equal(jobs.length, total, "every document has a processing job");
    assert.ok(jobs.every((j) => j.n === 1), "and only one");
  });
});
