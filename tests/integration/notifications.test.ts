// Notifications against real Postgres, Dovecot and a real SMTP server: who is told, how, in which
// language, how often, and that each person sees and marks only their own.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { and, eq } from "drizzle-orm";
import { PgBoss } from "pg-boss";
import { generateKey, parseKeyring } from "@/lib/crypto/secrets";
import { users } from "@/lib/db/schema/companies";
import { notificationPreferences, notifications, sentEmails } from "@/lib/db/schema/notifications";
import { getAccount } from "@/lib/accounts/service";
import { fetchAccount } from "@/lib/mail/fetch-account";
import { createStorage } from "@/lib/storage/storage";
import { BOSS_SCHEMA } from "@/lib/queue";
import { logger } from "@/lib/logger";
import { deliverEmail } from "@/lib/outbox/outbox";
import { notifyDocumentOutcome } from "@/lib/notifications/emit";
import type { NotificationEvent } from "@/lib/notifications/events";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { startDovecot, type Dovecot } from "../support/dovecot";
import { startSmtpServer, type TestSmtp } from "../support/smtp";
import { buildMessage, makePdf } from "../support/mime";
import { makeImapAccount, makeUser } from "../support/factories";
import { call, useWebEnv } from "../support/web";

let tdb: TestDatabase;
let dovecot: Dovecot;
let smtp: TestSmtp;
let boss: PgBoss;
let dataDir: string;
const key = generateKey();
const ring = parseKeyring(key);
let routes: {
  list: typeof import("@/app/api/notifications/route");
  read: typeof import("@/app/api/notifications/[id]/read/route");
  readAll: typeof import("@/app/api/notifications/read-all/route");
  preferences: typeof import("@/app/api/notifications/preferences/route");
  account: typeof import("@/app/api/accounts/[id]/route");
};

before(async () => {
  [tdb, dovecot, smtp, dataDir] = await Promise.all([
    createTestDatabase(),
    startDovecot({ users: ["fetcher", "broken", "episodes", "failing"].map((name) => ({ name, password: "imap-pass" })) }),
    startSmtpServer(),
    mkdtemp(path.join(os.tmpdir(), "mailroom-notify-")),
  ]);
  useWebEnv(tdb.url, { ENCRYPTION_KEY: key, AUTH_SECRET: "test-secret-test-secret", DATA_DIR: dataDir, SMTP_URL: smtp.url, SMTP_FROM: "mailroom@acme.test", PUBLIC_URL: "https://mailroom.example.test" });
  routes = {
    list: await import("@/app/api/notifications/route"),
    read: await import("@/app/api/notifications/[id]/read/route"),
    readAll: await import("@/app/api/notifications/read-all/route"),
    preferences: await import("@/app/api/notifications/preferences/route"),
    account: await import("@/app/api/accounts/[id]/route"),
  };
  boss = new PgBoss({ connectionString: tdb.url, schema: BOSS_SCHEMA, supervise: false, schedule: false });
  boss.on("error", () => {});
  await boss.start();
});

after(async () => {
  await boss.stop({ graceful: false, close: true });
  await smtp.close();
  await dovecot.dispose();
  await tdb.drop();
  await rm(dataDir, { recursive: true, force: true });
});

const deps = () => ({ db: tdb.db, boss, storage: createStorage({ dataDir }), keyring: ring, log: logger });
const fetchSettings = { batchSize: 100, maxAttachmentBytes: 25 * 1024 * 1024 };

async function fetchNow(companyId: string, accountId: string) {
  return fetchAccount(deps(), await getAccount(tdb.db, companyId, accountId), fetchSettings);
}

async function invoiceMail(user: string, n: number) {
  await dovecot.append(user, "INBOX", buildMessage({ from: "billing@power.test", subject: `Invoice ${n}`, attachments: [{ filename: `invoice-${n}.pdf`, contentType: "application/pdf", content: makePdf(`Invoice ${n} total 10.00`) }] }));
}

/** Sends every email queued for the company, as the email.send job would, and returns what the SMTP server got. */
async function deliverQueued(companyId: string) {
  const pending = await tdb.db.select({ id: sentEmails.id }).from(sentEmails).where(and(eq(sentEmails.companyId, companyId), eq(sentEmails.status, "pending")));
  const before = smtp.received.length;
  for (const row of pending) {
    const outcome = await deliverEmail({ db: tdb.db, keyring: ring, log: logger, smtp: { policy: { blockPrivate: false } } }, { emailId: row.id, companyId }, { final: true });
    assert.equal(outcome.status, "sent", outcome.error);
  }
  return (await smtp.waitFor(before + pending.length)).slice(before);
}

async function notificationsOf(userId: string, event?: NotificationEvent) {
  return tdb.db.select().from(notifications).where(and(eq(notifications.userId, userId), event ? eq(notifications.event, event) : undefined));
}

async function choose(userId: string, event: NotificationEvent, channel: "in_app" | "email" | "none") {
  await tdb.db.insert(notificationPreferences).values({ userId, event, channel }).onConflictDoUpdate({ target: [notificationPreferences.userId, notificationPreferences.event], set: { channel } });
}

describe("notifications", () => {
  test("a fetch run that stores documents makes one notification per person as each chose: in-app only, email in the person's language, or nothing", async () => {
    const company = `Notify ${Math.random()}`;
    const admin = await makeUser(tdb.db, { company, role: "admin" });
    const hebrew = await makeUser(tdb.db, { company, role: "member" });
    const silent = await makeUser(tdb.db, { company, role: "member" });
    await tdb.db.update(users).set({ locale: "he" }).where(eq(users.id, hebrew.user.id));
    await choose(hebrew.user.id, "documents_processed", "email");
    await choose(silent.user.id, "documents_processed", "none");
    const account = await makeImapAccount(tdb.db, ring, admin.companyId, { email: "fetcher@acme.test", host: dovecot.host, port: dovecot.port, username: "fetcher", password: "imap-pass" });

    await invoiceMail("fetcher", 1);
    await invoiceMail("fetcher", 2);
    await invoiceMail("fetcher", 3);
    const first = await fetchNow(admin.companyId, account.id);
    assert.ok(first.ok && first.documents === 3, JSON.stringify(first));

    const adminRows = await notificationsOf(admin.user.id, "documents_processed");
    assert.equal(adminRows.length, 1, "three files, one notification");
    assert.equal(adminRows[0].data.documents, 3);
    assert.equal(adminRows[0].link, `/documents?account_id=${account.id}`);
    assert.equal((await notificationsOf(hebrew.user.id, "documents_processed")).length, 1);
    assert.equal((await notificationsOf(silent.user.id)).length, 0, "none means nothing at all");

    const mails = await deliverQueued(admin.companyId);
    assert.deepEqual(mails.map((m) => m.to), [[hebrew.user.email]], "only the person who chose email gets one");
    const [mail] = mails;
    assert.equal(mail.parsed.subject, "Mailroom: 3 מסמכים חדשים מ־fetcher@acme.test");
    assert.match(mail.parsed.text ?? "", /פתיחה ב־Mailroom: https:\/\/mailroom\.example\.test\/documents\?account_id=/);
    assert.match(String(mail.parsed.html), /dir="rtl"/);
    assert.match(String(mail.parsed.html), /3 מסמכים חדשים/);

    // A run with nothing new says nothing; the next run with documents is one more notification.
    assert.ok((await fetchNow(admin.companyId, account.id)).ok);
    assert.equal((await notificationsOf(admin.user.id, "documents_processed")).length, 1);
    await invoiceMail("fetcher", 4);
    assert.ok((await fetchNow(admin.companyId, account.id)).ok);
    const after = await notificationsOf(admin.user.id, "documents_processed");
    assert.equal(after.length, 2);
    assert.deepEqual(after.map((n) => n.data.documents).sort(), [1, 3]);
  });

  test("an English person who chose email gets the English email, with an HTML and a text part", async () => {
    const { user, companyId } = await makeUser(tdb.db);
    await choose(user.id, "review_waiting", "email");
    const account = await makeImapAccount(tdb.db, ring, companyId, { email: "broken@acme.test", host: dovecot.host, port: dovecot.port, username: "broken", password: "imap-pass" });
    await invoiceMail("broken", 1);
    assert.ok((await fetchNow(companyId, account.id)).ok);
    const [doc] = await tdb.sql`update documents set status = 'completed', needs_review = true where company_id = ${companyId} returning id`;
    await notifyDocumentOutcome({ db: tdb.db, boss }, { documentId: doc.id, companyId });
    const [mail] = await deliverQueued(companyId);
    assert.deepEqual(mail.to, [user.email]);
    assert.equal(mail.parsed.subject, "Mailroom: A document waits for review: invoice-1.pdf");
    assert.match(mail.parsed.text ?? "", new RegExp(`Open in Mailroom: https://mailroom\\.example\\.test/documents/${doc.id}`));
    assert.match(String(mail.parsed.html), /<a href="https:\/\/mailroom\.example\.test\/documents\//);
  });

  test("failed documents within an hour fold into one unread notification with their count", async () => {
    const { user, companyId } = await makeUser(tdb.db);
    const account = await makeImapAccount(tdb.db, ring, companyId, { email: "failing@acme.test", host: dovecot.host, port: dovecot.port, username: "failing", password: "imap-pass" });
    for (const n of [1, 2, 3]) await invoiceMail("failing", n);
    assert.ok((await fetchNow(companyId, account.id)).ok);
    const docs = await tdb.sql`update documents set status = 'error' where company_id = ${companyId} returning id`;
    for (const d of docs) await notifyDocumentOutcome({ db: tdb.db, boss }, { documentId: d.id, companyId });
    const rows = await notificationsOf(user.id, "documents_failed");
    assert.equal(rows.length, 1);
    assert.equal(rows[0].data.count, 3);
    assert.equal(rows[0].link, "/documents?status=error");
  });

  test("a refused password tells the admins and not other members, once per failure episode, by email by default", async () => {
    const company = `Attention ${Math.random()}`;
    const admin = await makeUser(tdb.db, { company, role: "admin" });
    const member = await makeUser(tdb.db, { company, role: "member" });
    const account = await makeImapAccount(tdb.db, ring, admin.companyId, { email: "episodes@acme.test", host: dovecot.host, port: dovecot.port, username: "episodes", password: "wrong-pass" });

    for (let i = 0; i < 3; i++) assert.equal((await fetchNow(admin.companyId, account.id)).ok, false);
    const rows = await notificationsOf(admin.user.id, "account_attention");
    assert.equal(rows.length, 1, "three failed runs, one notification");
    assert.equal(rows[0].data.status, "auth_error");
    assert.equal((await notificationsOf(member.user.id, "account_attention")).length, 0);
    const [mail] = await deliverQueued(admin.companyId);
    assert.equal(mail.parsed.subject, "Mailroom: episodes@acme.test needs attention: the mail server refused the password");

    // Fixed, fetched, then broken again: a new episode, told again.
    const fixed = await call(routes.account.PATCH, { method: "PATCH", token: admin.token, params: { id: account.id }, body: { password: "imap-pass" } });
    assert.equal(fixed.status, 200, fixed.text);
    assert.ok((await fetchNow(admin.companyId, account.id)).ok);
    await call(routes.account.PATCH, { method: "PATCH", token: admin.token, params: { id: account.id }, body: { password: "wrong-again" } });
    assert.equal((await fetchNow(admin.companyId, account.id)).ok, false);
    assert.equal((await fetchNow(admin.companyId, account.id)).ok, false);
    assert.equal((await notificationsOf(admin.user.id, "account_attention")).length, 2);
  });

  test("an unreachable server is news only after an hour of failing, then once", async () => {
    const { user, companyId } = await makeUser(tdb.db);
    // A port nothing listens on: the server is down.
    const account = await makeImapAccount(tdb.db, ring, companyId, { email: "down@acme.test", host: "127.0.0.1", port: 1, password: "imap-pass" });
    assert.equal((await fetchNow(companyId, account.id)).ok, false);
    assert.equal((await notificationsOf(user.id, "account_attention")).length, 0, "a blip is not news");
    // The episode began over an hour ago.
    await tdb.sql`update fetch_runs set started_at = now() - interval '61 minutes' where account_id = ${account.id}`;
    assert.equal((await fetchNow(companyId, account.id)).ok, false);
    assert.equal((await fetchNow(companyId, account.id)).ok, false);
    const rows = await notificationsOf(user.id, "account_attention");
    assert.equal(rows.length, 1);
    assert.equal(rows[0].data.status, "unreachable");
  });

  test("each person lists and marks only their own notifications; another company sees nothing", async () => {
    const company = `Scope ${Math.random()}`;
    const alice = await makeUser(tdb.db, { company, role: "admin" });
    const bob = await makeUser(tdb.db, { company, role: "member" });
    const stranger = await makeUser(tdb.db);
    const add = (userId: string, documents: number) => tdb.db.insert(notifications).values({ companyId: alice.companyId, userId, event: "documents_processed", data: { documents, account: "in@acme.test" } }).returning();
    const [a1] = await add(alice.user.id, 1);
    await add(alice.user.id, 2);
    await add(alice.user.id, 3);
    const [b1] = await add(bob.user.id, 4);

    const page1 = await call(routes.list.GET, { token: alice.token, path: "/api/notifications?limit=2" });
    assert.equal(page1.status, 200, page1.text);
    assert.deepEqual(page1.json.items.map((n: { data: { documents: number } }) => n.data.documents), [3, 2], "newest first");
    assert.equal(page1.json.unread, 3);
    const page2 = await call(routes.list.GET, { token: alice.token, path: `/api/notifications?limit=2&cursor=${page1.json.next_cursor}` });
    assert.deepEqual(page2.json.items.map((n: { data: { documents: number } }) => n.data.documents), [1]);
    assert.equal(page2.json.next_cursor, null);

    assert.equal((await call(routes.read.POST, { method: "POST", token: bob.token, params: { id: a1.id } })).status, 404, "bob cannot mark alice's");
    assert.equal((await call(routes.read.POST, { method: "POST", token: stranger.token, params: { id: a1.id } })).status, 404);
    const read = await call(routes.read.POST, { method: "POST", token: alice.token, params: { id: a1.id } });
    assert.equal(read.status, 200, read.text);
    assert.ok(read.json.notification.read_at);
    const unread = await call(routes.list.GET, { token: alice.token, path: "/api/notifications?unread=1" });
    assert.deepEqual(unread.json.items.map((n: { data: { documents: number } }) => n.data.documents), [3, 2]);

    const all = await call(routes.readAll.POST, { method: "POST", token: alice.token });
    assert.equal(all.json.marked, 2);
    const [bobsRow] = await tdb.db.select().from(notifications).where(eq(notifications.id, b1.id));
    assert.equal(bobsRow.readAt, null, "alice's read-all leaves bob's unread");
    assert.equal((await call(routes.list.GET, { token: bob.token })).json.unread, 1);
    const strangers = await call(routes.list.GET, { token: stranger.token });
    assert.deepEqual(strangers.json, { items: [], unread: 0, next_cursor: null });
  });

  test("preferences: every event with its default until chosen, saved per person, bad input refused", async () => {
    const alice = await makeUser(tdb.db);
    const bob = await makeUser(tdb.db, { company: `Prefs ${Math.random()}` });
    const initial = await call(routes.preferences.GET, { token: alice.token });
    assert.deepEqual(initial.json.preferences, [
      { event: "documents_processed", channel: "in_app", when_empty: null },
      { event: "account_attention", channel: "email", when_empty: null },
      { event: "documents_failed", channel: "in_app", when_empty: null },
      { event: "review_waiting", channel: "in_app", when_empty: null },
      { event: "daily_summary", channel: "email", when_empty: true },
    ]);
    const saved = await call(routes.preferences.PUT, { method: "PUT", token: alice.token, body: { preferences: [{ event: "documents_failed", channel: "none" }, { event: "daily_summary", channel: "email", when_empty: false }] } });
    assert.equal(saved.status, 200, saved.text);
    const byEvent = Object.fromEntries(saved.json.preferences.map((p: { event: string }) => [p.event, p]));
    assert.equal(byEvent.documents_failed.channel, "none");
    assert.equal(byEvent.daily_summary.when_empty, false);
    assert.equal(byEvent.documents_processed.channel, "in_app");
    assert.equal((await call(routes.preferences.GET, { token: bob.token })).json.preferences[2].channel, "in_app", "bob's are his own");
    const bad = await call(routes.preferences.PUT, { method: "PUT", token: alice.token, body: { preferences: [{ event: "documents_failed", channel: "pigeon" }] } });
    assert.equal(bad.status, 422);
    assert.equal((await call(routes.preferences.GET, { token: alice.token })).json.preferences[2].channel, "none", "a refused change loses nothing");
  });
});
