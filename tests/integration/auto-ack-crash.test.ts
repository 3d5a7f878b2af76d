// A worker SIGKILLed between storing an email and its acknowledgement reaching the SMTP server:
// after a restart exactly one acknowledgement arrives.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { PgBoss } from "pg-boss";
import { generateKey, parseKeyring } from "@/lib/crypto/secrets";
import { createStorage } from "@/lib/storage/storage";
import { storeMessages } from "@/lib/mail/store-messages";
import { companySmtp, sentEmails } from "@/lib/db/schema/notifications";
import { mailAccounts } from "@/lib/db/schema/accounts";
import { emailReplies } from "@/lib/db/schema/triage";
import { createTriageRule } from "@/lib/triage/rules";
import { createTriageRuleSchema } from "@/lib/triage/schemas";
import { BOSS_SCHEMA } from "@/lib/queue";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { makeImapAccount, makeUser } from "../support/factories";
import { buildMessage } from "../support/mime";
import { startSmtpServer, type TestSmtp } from "../support/smtp";
import { spawnWorkerProcess } from "../support/worker";
import { waitFor } from "../support/wait";

const key = generateKey();
let tdb: TestDatabase;
let dataDir: string;
let boss: PgBoss;
let smtp: TestSmtp;

before(async () => {
  tdb = await createTestDatabase();
  dataDir = await mkdtemp(path.join(os.tmpdir(), "mailroom-ack-crash-"));
  boss = new PgBoss({ connectionString: tdb.url, schema: BOSS_SCHEMA, supervise: false, schedule: false });
  boss.on("error", () => {});
  await boss.start();
  smtp = await startSmtpServer();
});

after(async () => {
  await boss?.stop({ graceful: false, close: true });
  await smtp?.close();
  await tdb?.drop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

test("a worker killed while its acknowledgement is on the wire: after a restart exactly one reply is sent and recorded", async () => {
  const { companyId } = await makeUser(tdb.db);
  await tdb.db.insert(companySmtp).values({ companyId, host: smtp.host, port: smtp.port, security: "none", fromAddress: "mailroom@company.test" });
  await createTriageRule(tdb.db, companyId, createTriageRuleSchema.parse({ name: "Everything", conditions: {}, outcome: "acknowledge" }));
  const account = await makeImapAccount(tdb.db, parseKeyring(key), companyId, { email: "inbox@company.test", host: "127.0.0.1", port: 143, password: "pw" });
  await tdb.db.update(mailAccounts).set({ autoAcknowledge: true }).where(eq(mailAccounts.id, account.id));
  const raw = Buffer.from(buildMessage({ from: "Dana <dana@customer.test>", subject: "Receipt", text: "Here it is." }));
  await storeMessages({ db: tdb.db, boss, storage: createStorage({ dataDir }) }, { companyId, accountId: account.id, folder: "INBOX", uidValidity: 1 }, [{ uid: 1, raw }], { maxAttachmentBytes: 25 * 1024 * 1024, filters: {} });
  const opts = { databaseUrl: tdb.url, dataDir, encryptionKey: key, concurrency: 1 };

  const held = smtp.holdNext();
  const first = spawnWorkerProcess(opts);
  const firstExit = new Promise((r) => first.once("exit", r));
  try {
    await held;
  } finally {
    first.kill("SIGKILL");
    await firstExit;
  }
  assert.equal(smtp.received.length, 0, "the server never accepted the first attempt");
  const [pending] = await tdb.db.select().from(sentEmails).where(eq(sentEmails.companyId, companyId));
  assert.equal(pending.status, "pending");

  const second = spawnWorkerProcess(opts);
  const secondExit = new Promise((r) => second.once("exit", r));
  try {
    // The dead run's email.send misses its heartbeats, is failed by supervision and retried here.
    const sent = await waitFor("the acknowledgement to be sent", async () => {
      const [row] = await tdb.db.select().from(sentEmails).where(eq(sentEmails.id, pending.id));
      return row.status === "sent" ? row : undefined;
    }, { timeoutMs: 180_000, intervalMs: 250 });
    assert.equal(sent.attempts, 2);
  } finally {
    second.kill("SIGTERM");
    await secondExit;
  }
  assert.equal(smtp.received.length, 1);
  assert.equal(smtp.received[0].parsed.headers.get("auto-submitted"), "auto-replied");
  assert.deepEqual(smtp.received[0].to, ["dana@customer.test"]);
  const replies = await tdb.db.select().from(emailReplies).where(eq(emailReplies.companyId, companyId));
  assert.deepEqual(replies.map((r) => [r.status, r.sentEmailId]), [["sent", pending.id]]);
  assert.equal((await tdb.db.select().from(sentEmails).where(eq(sentEmails.companyId, companyId))).length, 1, "one email recorded");
});
