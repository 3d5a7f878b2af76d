// The daily summary end to end: seeded mail and documents, the job run by the real worker (and the
// CLI), and what arrives at a real SMTP server, read back and checked line by line.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { createHash, randomBytes, randomUUID } from "node:crypto";
import { spawnSync } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { and, eq, like } from "drizzle-orm";
import { PgBoss } from "pg-boss";
import { generateKey } from "@/lib/crypto/secrets";
import { fetchRuns, mailAccounts } from "@/lib/db/schema/accounts";
import { categories } from "@/lib/db/schema/categories";
import { companies, users } from "@/lib/db/schema/companies";
import { documents } from "@/lib/db/schema/documents";
import { emails } from "@/lib/db/schema/mail";
import { notificationPreferences, notifications, sentEmails } from "@/lib/db/schema/notifications";
import type { ExtractedFields } from "@/lib/extract/types";
import { setEnv } from "@/lib/env";
import { logger } from "@/lib/logger";
import { BOSS_SCHEMA, enqueue } from "@/lib/queue";
import { companyDay, sendDailySummary } from "@/lib/reports/daily-summary";
import { dailySummaryJob } from "@/lib/reports/schemas";
import { createUser } from "@/lib/auth/users";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { makeUser, USER_PASSWORD } from "../support/factories";
import { startSmtpServer, type ReceivedMail, type TestSmtp } from "../support/smtp";
import { startTestWorker } from "../support/worker";
import { waitFor } from "../support/wait";

const PUBLIC_URL = "https://mailroom.example";
const HOUR = 60 * 60 * 1000;
const key = generateKey();
const root = path.resolve(__dirname, "../..");
let tdb: TestDatabase;
let boss: PgBoss;
let smtp: TestSmtp;
let dataDir: string;
let worker: Awaited<ReturnType<typeof startTestWorker>>;

before(async () => {
  tdb = await createTestDatabase();
  smtp = await startSmtpServer();
  setEnv({ SMTP_URL: smtp.url, SMTP_FROM: "Mailroom <noreply@mailroom.test>", PUBLIC_URL });
  boss = new PgBoss({ connectionString: tdb.url, schema: BOSS_SCHEMA, supervise: false, schedule: false });
  boss.on("error", () => {});
  await boss.start();
  dataDir = await mkdtemp(path.join(os.tmpdir(), "mailroom-summary-"));
  worker = await startTestWorker({ databaseUrl: tdb.url, dataDir, encryptionKey: key });
});

after(async () => {
  await worker?.stop();
  await boss?.stop({ graceful: false, close: true });
  await smtp?.close();
  await tdb?.drop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

/** One company with mail and documents over the last day and before it, and people with every choice. */
async function seedCompany(opts: { timeZone?: string } = {}) {
  const { user: admin, companyId } = await makeUser(tdb.db, { company: `Acme ${randomBytes(3).toString("hex")}` });
  if (opts.timeZone) await tdb.db.update(companies).set({ timeZone: opts.timeZone }).where(eq(companies.id, companyId));
  const person = (role: "admin" | "member" = "member") => createUser(tdb.db, { companyId }, { email: `p-${randomBytes(4).toString("hex")}@acme.test`, password: USER_PASSWORD, role });
  const hebrew = await person();
  await tdb.db.update(users).set({ locale: "he" }).where(eq(users.id, hebrew.id));
  const none = await person();
  const inApp = await person();
  const quiet = await person();
  const disabled = await person();
  await tdb.db.update(users).set({ disabledAt: new Date() }).where(eq(users.id, disabled.id));
  await tdb.db.insert(notificationPreferences).values([
    { userId: none.id, event: "daily_summary", channel: "none" },
    { userId: inApp.id, event: "daily_summary", channel: "in_app" },
    { userId: quiet.id, event: "daily_summary", channel: "email", whenEmpty: false },
  ]);

  const now = Date.now();
  const inbox = await account(companyId, "inbox@acme.test", "ok");
  const backup = await account(companyId, "backup@acme.test", "auth_error");
  for (const hoursAgo of [1, 5, 23]) await email(companyId, inbox, new Date(now - hoursAgo * HOUR));
  await email(companyId, backup, new Date(now - 2 * HOUR));
  // Triage sent this one to a person: the summary counts it as waiting, whatever its age.
  await email(companyId, inbox, new Date(now - 30 * HOUR), { triageOutcome: "review", reviewStatus: "waiting", triagedAt: new Date(now - 30 * HOUR) });
  await tdb.db.insert(fetchRuns).values([
    { companyId, accountId: backup, status: "error", error: "login refused", startedAt: new Date(now - 3 * HOUR) },
    { companyId, accountId: backup, status: "error", error: "login refused", startedAt: new Date(now - 4 * HOUR) },
    { companyId, accountId: backup, status: "error", error: "long ago", startedAt: new Date(now - 50 * HOUR) },
    { companyId, accountId: inbox, status: "ok", startedAt: new Date(now - 3 * HOUR) },
  ]);
  const [utilities, travel] = await tdb.db.insert(categories).values([{ companyId, name: "Utilities" }, { companyId, name: "Travel" }]).returning();
  await doc(companyId, { at: now - 2 * HOUR, status: "completed", categoryId: utilities.id, total: 100.5, currency: "ILS" });
  // A person corrected this total: the summary adds what they said.
  await doc(companyId, { at: now - 3 * HOUR, status: "completed", categoryId: utilities.id, total: 20, currency: "ILS", correctedTotal: 50 });
  await doc(companyId, { at: now - 4 * HOUR, status: "completed", categoryId: travel.id, total: 1234.5, currency: "USD" });
  await doc(companyId, { at: now - 1 * HOUR, status: "error" });
  await doc(companyId, { at: now - 6 * HOUR, status: "completed", total: 10, currency: "EUR", needsReview: true });
  // Older than a day: only the review backlog counts it.
  await doc(companyId, { at: now - 72 * HOUR, status: "completed", categoryId: travel.id, total: 999, currency: "USD", needsReview: true });
  return { companyId, admin, hebrew, none, inApp, quiet, disabled, inbox, backup };
}

async function account(companyId: string, address: string, status: "ok" | "auth_error") {
  const [row] = await tdb.db.insert(mailAccounts).values({ companyId, email: address, host: "imap.acme.test", port: 993, username: address, status }).returning({ id: mailAccounts.id });
  return row.id;
}

async function email(companyId: string, accountId: string, at: Date, triage: Partial<typeof emails.$inferInsert> = {}) {
  const sha = randomBytes(32).toString("hex");
  await tdb.db.insert(emails).values({ companyId, accountId, folder: "INBOX", uidValidity: 1, uid: Math.floor(Math.random() * 1e9), size: 100, rawSha256: sha, rawKey: `raw/${sha}`, storageType: "local", createdAt: at, ...triage });
}

type DocSeed = { at: number; status: "completed" | "error"; categoryId?: string; total?: number; currency?: string; correctedTotal?: number; needsReview?: boolean };
async function doc(companyId: string, d: DocSeed) {
  const fields: ExtractedFields = {};
  if (d.total !== undefined) fields.total = { value: d.total, confidence: 0.9 } as ExtractedFields["total"];
  if (d.currency) fields.currency = { value: d.currency, confidence: 0.9 } as ExtractedFields["currency"];
  const sha = createHash("sha256").update(randomUUID()).digest("hex");
  await tdb.db.insert(documents).values({
    companyId,
    filename: `${sha.slice(0, 8)}.pdf`,
    contentType: "application/pdf",
    size: 1000,
    sha256: sha,
    fileKey: `docs/${sha}`,
    storageType: "local",
    status: d.status,
    fields,
    corrections: d.correctedTotal !== undefined ? { fields: { total: { value: d.correctedTotal, by: "someone@acme.test", at: new Date().toISOString() } } } : {},
    categoryId: d.categoryId ?? null,
    needsReview: d.needsReview ?? false,
    createdAt: new Date(d.at),
    lastProcessedAt: new Date(d.at),
  });
}

const to = (address: string) => (m: ReceivedMail) => m.to.includes(address);

async function summaryRows(companyId: string) {
  return tdb.db.select().from(sentEmails).where(and(eq(sentEmails.companyId, companyId), like(sentEmails.kind, "daily_summary:%")));
}

test("the worker's summary counts the last day per account, category, status and currency, and links into the dashboard", async () => {
  const acme = await seedCompany();
  const other = await makeUser(tdb.db, { company: "Other Ltd" });
  const otherAccount = await account(other.companyId, "secret-other@other.test", "auth_error");
  await email(other.companyId, otherAccount, new Date(Date.now() - HOUR));
  await doc(other.companyId, { at: Date.now() - HOUR, status: "completed", total: 777, currency: "GBP" });

  const before = smtp.received.length;
  await enqueue(boss, dailySummaryJob, { company_id: acme.companyId });
  // The admin, the Hebrew reader and the person who wants no empty summaries: three emails.
  await smtp.waitFor(before + 3, 30_000);
  await waitFor("every summary sent", async () => (await summaryRows(acme.companyId)).every((r) => r.status === "sent"));
  const arrived = smtp.received.slice(before);
  const rows = await summaryRows(acme.companyId);
  assert.deepEqual(rows.map((r) => r.userId).sort(), [acme.admin.id, acme.hebrew.id, acme.quiet.id].sort());
  assert.ok(rows.every((r) => r.kind === `daily_summary:${companyDay(new Date(), "UTC")}`));
  for (const nobody of [acme.none, acme.inApp, acme.disabled]) assert.equal(arrived.filter(to(nobody.email)).length, 0, `${nobody.email} chose no summary email`);

  const mail = arrived.find(to(acme.admin.email))!;
  const text = mail.parsed.text ?? "";
  const html = String(mail.parsed.html);
  assert.match(mail.parsed.subject ?? "", /^Mailroom daily summary for .+: 5 new documents$/);
  assert.match(text, new RegExp(`inbox@acme\\.test: 3 emails <${PUBLIC_URL}/accounts/${acme.inbox}>`));
  assert.match(text, /backup@acme\.test: 1 email </);
  assert.match(text, /- Utilities: 2 </);
  assert.match(text, /- Travel: 1 </);
  assert.match(text, /- No category: 2 </);
  assert.match(text, /- Completed: 4 </);
  assert.match(text, /- Error: 1 </);
  assert.match(text, /₪150\.50 in 2 documents/);
  assert.match(text, /\$1,234\.50 in 1 document\b/);
  assert.match(text, /€10\.00 in 1 document\b/);
  assert.ok(!text.includes("999"), "a document older than a day is not counted");
  assert.match(text, new RegExp(`1 document could not be processed <${PUBLIC_URL}/documents\\?status=error>`));
  assert.match(text, new RegExp(`backup@acme\\.test: 2 fetches failed <${PUBLIC_URL}/accounts/${acme.backup}>`));
  assert.match(text, new RegExp(`2 documents to check <${PUBLIC_URL}/review>`));
  assert.match(text, /1 document waits for a category/);
  assert.match(text, new RegExp(`1 email waits for a person <${PUBLIC_URL}/review\\?tab=emails>`));
  assert.match(text, new RegExp(`Accounts needing attention\\n- backup@acme\\.test: Login failed \\(The server refused the username or password\\) <${PUBLIC_URL}/accounts/${acme.backup}>`));
  // Each count links to the documents it counts.
  assert.match(html, new RegExp(`<a href="${PUBLIC_URL}/documents\\?status=error&amp;from=[^"]+&amp;to=[^"]+">Error: 1</a>`));
  assert.match(html, /<html lang="en" dir="ltr">/);
  // Another company's mailbox and money never show.
  for (const m of arrived) {
    const all = `${m.parsed.subject}\n${m.parsed.text}\n${m.parsed.html}`;
    assert.ok(!/secret-other|GBP|£|777/.test(all), "another company's data leaked into a summary");
  }

  const hebrew = arrived.find(to(acme.hebrew.email))!;
  assert.match(hebrew.parsed.subject ?? "", /^סיכום יומי של Mailroom ל־.+: 5 מסמכים חדשים$/);
  assert.match(hebrew.parsed.text ?? "", /הודעות דואר שנשלפו/);
  assert.match(hebrew.parsed.text ?? "", /inbox@acme\.test: 3 הודעות/);
  assert.match(hebrew.parsed.text ?? "", /150\.50\W*₪ ב־2 מסמכים/);
  assert.match(hebrew.parsed.text ?? "", /ההתחברות נכשלה/);
  assert.match(hebrew.parsed.text ?? "", /מייל אחד ממתין לטיפול אישי/);
  assert.match(String(hebrew.parsed.html), /<html lang="he" dir="rtl">/);

  // The person who wants no empty summaries still gets a day with news.
  assert.match(arrived.find(to(acme.quiet.email))!.parsed.subject ?? "", /5 new documents/);

  // A second trigger the same day (a retry, or someone running it by hand) sends nothing new.
  const again = await sendDailySummary({ db: tdb.db, boss, log: logger }, acme.companyId);
  assert.equal(again.emailed, 0);
  assert.equal(again.already, 3);
  assert.equal((await summaryRows(acme.companyId)).length, 3);
  assert.equal(smtp.received.length, before + 3);

  // The bell says the summary went out, once per person who wants it (in-app or email), and sends no email of its own.
  const bells = await tdb.db.select({ userId: notifications.userId, data: notifications.data }).from(notifications).where(and(eq(notifications.companyId, acme.companyId), eq(notifications.event, "daily_summary")));
  assert.deepEqual(bells.map((b) => b.userId).sort(), [acme.admin.id, acme.hebrew.id, acme.inApp.id, acme.quiet.id].sort());
  assert.ok(bells.every((b) => b.data.documents === 5));
  const notificationEmails = await tdb.db.select().from(sentEmails).where(and(eq(sentEmails.companyId, acme.companyId), like(sentEmails.kind, "notification.%")));
  assert.equal(notificationEmails.length, 0);
});

test("two runs at once for the same company and day send each person one summary", async () => {
  const acme = await seedCompany();
  const results = await Promise.all([1, 2, 3].map(() => sendDailySummary({ db: tdb.db, boss, log: logger }, acme.companyId)));
  assert.equal(results.reduce((n, r) => n + r.emailed, 0), 3);
  const rows = await summaryRows(acme.companyId);
  assert.equal(rows.length, 3);
  assert.equal(new Set(rows.map((r) => r.userId)).size, 3);
});

test("a day with nothing new sends a one-line email, or nothing to whoever chose so", async () => {
  const { user, companyId } = await makeUser(tdb.db, { company: `Quiet ${randomBytes(3).toString("hex")}` });
  const quiet = await createUser(tdb.db, { companyId }, { email: `q-${randomBytes(4).toString("hex")}@quiet.test`, password: USER_PASSWORD, role: "member" });
  await tdb.db.insert(notificationPreferences).values({ userId: quiet.id, event: "daily_summary", channel: "email", whenEmpty: false });
  // Mail older than a day is not news.
  const old = await account(companyId, "old@quiet.test", "ok");
  await email(companyId, old, new Date(Date.now() - 40 * HOUR));

  const result = await sendDailySummary({ db: tdb.db, boss, log: logger }, companyId);
  assert.equal(result.empty, true);
  assert.equal(result.emailed, 1);
  assert.equal(result.skipped_empty, 1);
  const mail = await waitFor("the one-line summary", async () => smtp.received.find(to(user.email)));
  assert.match(mail.parsed.subject ?? "", /: nothing new$/);
  assert.match((mail.parsed.text ?? "").split("\n")[0], /^Nothing new in Mailroom between .+ and .+\.$/);
  await waitFor("the summary recorded as sent", async () => (await summaryRows(companyId)).every((r) => r.status === "sent"));
  assert.equal(smtp.received.filter(to(quiet.email)).length, 0);
});

test("the CLI sends the summary now for one company", async () => {
  const acme = await seedCompany({ timeZone: "Asia/Jerusalem" });
  const r = spawnSync(process.execPath, ["--import", "tsx", path.join(root, "scripts/cli.ts"), "job", "run", "report.daily-summary", "--company", acme.companyId], {
    cwd: root,
    encoding: "utf8",
    env: { ...process.env, DATABASE_URL: tdb.url, ENCRYPTION_KEY: key, PUBLIC_URL, SMTP_URL: smtp.url, SMTP_FROM: "noreply@mailroom.test", LOG_LEVEL: "silent" },
  });
  assert.equal(r.status, 0, r.stderr);
  const [result] = JSON.parse(r.stdout.trim().split("\n").at(-1)!);
  // The summary is named after the company's own day, in its zone.
  assert.equal(result.day, companyDay(new Date(), "Asia/Jerusalem"));
  assert.equal(result.emailed, 3);
  // The worker running beside it delivers what the CLI queued.
  await waitFor("the CLI's summaries delivered", async () => [acme.admin, acme.hebrew, acme.quiet].every((p) => smtp.received.some(to(p.email))));
});
