// Outgoing email against a real SMTP server: what arrives, what is recorded, and what a refusal says.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { PgBoss } from "pg-boss";
import { generateKey, parseKeyring } from "@/lib/crypto/secrets";
import { companySmtp, sentEmails } from "@/lib/db/schema/notifications";
import { logger } from "@/lib/logger";
import { setEnv } from "@/lib/env";
import { BOSS_SCHEMA } from "@/lib/queue";
import { deliverEmail, queueEmail } from "@/lib/outbox/outbox";
import { sealSmtpPassword } from "@/lib/outbox/smtp-config";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { makeUser } from "../support/factories";
import { startSmtpServer, type TestSmtp } from "../support/smtp";
import { startTestWorker } from "../support/worker";
import { waitFor } from "../support/wait";

const key = generateKey();
const ring = parseKeyring(key);
const open = { policy: { blockPrivate: false } };
let tdb: TestDatabase;
let boss: PgBoss;
let smtp: TestSmtp;
let authSmtp: TestSmtp;

before(async () => {
  tdb = await createTestDatabase();
  boss = new PgBoss({ connectionString: tdb.url, schema: BOSS_SCHEMA, supervise: false, schedule: false });
  boss.on("error", () => {});
  await boss.start();
  smtp = await startSmtpServer();
  authSmtp = await startSmtpServer({ users: { mailer: "right-password" } });
});

after(async () => {
  await boss?.stop({ graceful: false, close: true });
  await smtp?.close();
  await authSmtp?.close();
  await tdb?.drop();
});

async function useCompanySmtp(companyId: string, server: TestSmtp, auth?: { user: string; password: string }) {
  await tdb.db
    .insert(companySmtp)
    .values({ companyId, host: server.host, port: server.port, security: "none", username: auth?.user ?? null, passwordEnc: auth ? sealSmtpPassword(ring, companyId, auth.password) : null, fromAddress: "mailroom@acme.test" })
    .onConflictDoUpdate({ target: companySmtp.companyId, set: { port: server.port, username: auth?.user ?? null, passwordEnc: auth ? sealSmtpPassword(ring, companyId, auth.password) : null } });
}

const deps = { db: () => tdb.db, log: logger.child({ test: "outbox" }) };

test("a queued email arrives with its text and HTML parts, from the company's address, and is recorded as sent", async () => {
  const { user, companyId } = await makeUser(tdb.db);
  await useCompanySmtp(companyId, authSmtp, { user: "mailer", password: "right-password" });
  const before = authSmtp.received.length;
  const id = await queueEmail(tdb.db, boss, { companyId, userId: user.id, kind: "test", to: "ops@acme.test", subject: "Daily summary — 3 documents", text: "Three documents arrived.", html: "<p>Three <b>documents</b> arrived.</p>" });
  const outcome = await deliverEmail({ db: deps.db(), keyring: ring, log: deps.log, smtp: open }, { emailId: id, companyId }, { final: false });
  assert.equal(outcome.status, "sent");
  assert.match(outcome.response ?? "", /^250/);
  const [mail] = (await authSmtp.waitFor(before + 1)).slice(before);
  assert.deepEqual(mail.to, ["ops@acme.test"]);
  assert.equal(mail.from, "mailroom@acme.test");
  assert.equal(mail.parsed.subject, "Daily summary — 3 documents");
  assert.equal(mail.parsed.text?.trim(), "Three documents arrived.");
  assert.match(String(mail.parsed.html), /Three <b>documents<\/b> arrived/);
  const [row] = await tdb.db.select().from(sentEmails).where(eq(sentEmails.id, id));
  assert.equal(row.status, "sent");
  assert.equal(row.attempts, 1);
  assert.ok(row.sentAt && row.messageId);
  // Sending again (a retried job) sends nothing more.
  assert.equal((await deliverEmail({ db: deps.db(), keyring: ring, log: deps.log, smtp: open }, { emailId: id, companyId }, { final: false })).status, "skipped");
  assert.equal(authSmtp.received.length, before + 1);
});

test("a refused login fails at once, recording the server's exact answer", async () => {
  const { companyId } = await makeUser(tdb.db);
  await useCompanySmtp(companyId, authSmtp, { user: "mailer", password: "wrong-password" });
  const id = await queueEmail(tdb.db, boss, { companyId, kind: "test", to: "ops@acme.test", subject: "hello", text: "hello" });
  const outcome = await deliverEmail({ db: deps.db(), keyring: ring, log: deps.log, smtp: open }, { emailId: id, companyId }, { final: false });
  assert.equal(outcome.status, "failed");
  assert.match(outcome.error ?? "", /refused the user name or password/);
  assert.match(outcome.error ?? "", /535 5\.7\.8 Authentication failed/);
  const [row] = await tdb.db.select().from(sentEmails).where(eq(sentEmails.id, id));
  assert.equal(row.status, "failed");
  assert.equal(row.lastError, outcome.error);
});

test("an unreachable server is retried, and recorded as failed only on the last attempt", async () => {
  const { companyId } = await makeUser(tdb.db);
  const closed = await startSmtpServer();
  await closed.close();
  await useCompanySmtp(companyId, closed);
  const id = await queueEmail(tdb.db, boss, { companyId, kind: "test", to: "ops@acme.test", subject: "hello", text: "hello" });
  await assert.rejects(deliverEmail({ db: deps.db(), keyring: ring, log: deps.log, smtp: open }, { emailId: id, companyId }, { final: false }));
  let [row] = await tdb.db.select().from(sentEmails).where(eq(sentEmails.id, id));
  assert.equal(row.status, "pending");
  assert.match(row.lastError ?? "", /Nothing answered at 127\.0\.0\.1:\d+/);
  const outcome = await deliverEmail({ db: deps.db(), keyring: ring, log: deps.log, smtp: open }, { emailId: id, companyId }, { final: true });
  assert.equal(outcome.status, "failed");
  [row] = await tdb.db.select().from(sentEmails).where(eq(sentEmails.id, id));
  assert.equal(row.status, "failed");
  assert.equal(row.attempts, 2);
});

test("a link-local SMTP host is refused before anything is dialled", async () => {
  const { companyId } = await makeUser(tdb.db);
  await tdb.db.insert(companySmtp).values({ companyId, host: "169.254.169.254", port: 25, security: "none", fromAddress: "mailroom@acme.test" });
  const id = await queueEmail(tdb.db, boss, { companyId, kind: "test", to: "ops@acme.test", subject: "hello", text: "hello" });
  const outcome = await deliverEmail({ db: deps.db(), keyring: ring, log: deps.log, smtp: open }, { emailId: id, companyId }, { final: false });
  assert.equal(outcome.status, "failed");
  assert.match(outcome.error ?? "", /link-local and cloud metadata addresses are never allowed/);
});

test("the worker's email.send job sends through SMTP_URL when the company has no server of its own", async () => {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), "mailroom-outbox-"));
  setEnv({ SMTP_URL: smtp.url, SMTP_FROM: "Mailroom <noreply@mailroom.test>" });
  const worker = await startTestWorker({ databaseUrl: tdb.url, dataDir, encryptionKey: key });
  try {
    const { companyId } = await makeUser(tdb.db);
    const before = smtp.received.length;
    const id = await tdb.db.transaction((tx) => queueEmail(tx, boss, { companyId, kind: "test", to: "someone@acme.test", subject: "through the worker", text: "sent by email.send" }));
    await waitFor("the email sent", async () => (await tdb.db.select().from(sentEmails).where(eq(sentEmails.id, id)))[0]?.status === "sent", { timeoutMs: 20_000 });
    const [mail] = (await smtp.waitFor(before + 1)).slice(before);
    assert.equal(mail.parsed.subject, "through the worker");
    assert.equal(mail.from, "noreply@mailroom.test");
  } finally {
    await worker.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
});
