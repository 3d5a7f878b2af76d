import { after, before, describe, test } from "node:test";
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
import { setAccountFetching, setCompanyFetching } from "@/lib/ops/flags";
import { dueAccounts } from "@/lib/accounts/due";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { startDovecot, type Dovecot } from "../support/dovecot";
import { buildMessage, makePdf } from "../support/mime";
import { makeImapAccount, makeUser } from "../support/factories";
import { startTestWorker } from "../support/worker";
import { waitFor } from "../support/wait";

let tdb: TestDatabase;
let dovecot: Dovecot;
let dataDir: string;
let boss: PgBoss;
const key = generateKey();
const ring = parseKeyring(key);

before(async () => {
  [tdb, dovecot, dataDir] = await Promise.all([createTestDatabase(), startDovecot(), mkdtemp(path.join(os.tmpdir(), "mailroom-switch-"))]);
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

const message = (user: string, i: number) =>
  buildMessage({ subject: `${user} invoice ${i}`, attachments: [{ filename: `inv-${i}.pdf`, contentType: "application/pdf", content: makePdf(`${user} invoice ${i}`, { padToBytes: 40_000 }) }] });

async function finished(id: string) {
  return waitFor(`job ${id} to finish`, async () => {
    const [j] = await tdb.sql.unsafe(`select state::text as state, output from ${BOSS_SCHEMA}.job where id = $1`, [id]);
    return j && ["completed", "failed"].includes(j.state) ? (j as unknown as { state: string; output: Record<string, unknown> }) : undefined;
  }, { timeoutMs: 120_000 });
}

describe("fetching switch", () => {
  test("a stopped mailbox or company is left out by the due cron and its fetch job skips with the reason", async () => {
    const { companyId } = await makeUser(tdb.db);
    await dovecot.addUser({ name: "paused1", password: "pw" });
    await dovecot.fillMaildir("paused1", "INBOX", [message("paused1", 1)]);
    const account = await makeImapAccount(tdb.db, ring, companyId, { email: "paused1@x.test", username: "paused1", host: dovecot.host, port: dovecot.port, password: "pw" });
    const isDue = async () => (await dueAccounts(tdb.db, new Date())).some((a) => a.id === account.id);
    assert.equal(await isDue(), true);
    await setCompanyFetching(tdb.db, companyId, true);
    assert.equal(await isDue(), false, "the company switch leaves it out");
    await setCompanyFetching(tdb.db, companyId, false);
    await setAccountFetching(tdb.db, companyId, account.id, true);
    assert.equal(await isDue(), false, "the mailbox switch leaves it out");

    const worker = await startTestWorker({ databaseUrl: tdb.url, dataDir, encryptionKey: key, concurrency: 2 });
    try {
      const id = (await enqueue(boss, accountFetchJob, { account_id: account.id, company_id: companyId }, { singletonKey: account.id }))!;
      const job = await finished(id);
      assert.equal(job.state, "completed");
      assert.equal(job.output.skipped, true);
      assert.match(String(job.output.reason), /stopped for this mailbox/);
      assert.equal((await tdb.db.select({ n: sql<number>`count(*)::int` }).from(emails).where(eq(emails.accountId, account.id)))[0].n, 0);
    } finally {
      await worker.stop();
    }
  });

  test("a running fetch stops between stored batches when its mailbox is stopped, and resumes later without losing or repeating a message", async () => {
    const { companyId } = await makeUser(tdb.db);
    const name = "bigbox";
    const total = 400;
    await dovecot.addUser({ name, password: "pw" });
    await dovecot.fillMaildir(name, "INBOX", Array.from({ length: total }, (_, i) => message(name, i)));
    const account = await makeImapAccount(tdb.db, ring, companyId, { email: "bigbox@x.test", username: name, host: dovecot.host, port: dovecot.port, password: "pw" });
    const stored = async () => (await tdb.db.select({ n: sql<number>`count(*)::int` }).from(emails).where(eq(emails.accountId, account.id)))[0].n;

    const worker = await startTestWorker({ databaseUrl: tdb.url, dataDir, encryptionKey: key, concurrency: 2, fetchBatchSize: total });
    try {
      const first = (await enqueue(boss, accountFetchJob, { account_id: account.id, company_id: companyId }, { singletonKey: account.id }))!;
      await waitFor("the first batch to be stored", async () => (await stored()) > 0, { timeoutMs: 120_000, intervalMs: 20 });
      await setAccountFetching(tdb.db, companyId, account.id, true);
      const job = await finished(first);
      assert.equal(job.state, "completed");
      const atStop = await stored();
      assert.equal(job.output.stopped, true, `the run stopped (${atStop} of ${total} stored)`);
      assert.ok(atStop < total);
      assert.equal(job.output.messages, atStop, "the run reports exactly what it kept");

      await setAccountFetching(tdb.db, companyId, account.id, false);
      const second = (await enqueue(boss, accountFetchJob, { account_id: account.id, company_id: companyId }, { singletonKey: account.id }))!;
      assert.equal((await finished(second)).state, "completed");
      assert.equal(await stored(), total);
      const uids = await tdb.db.select({ uid: emails.uid }).from(emails).where(eq(emails.accountId, account.id));
      assert.equal(new Set(uids.map((u) => u.uid)).size, total, "no message stored twice");
    } finally {
      await worker.stop();
    }
  });
});
