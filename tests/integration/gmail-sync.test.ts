import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { createHash, randomUUID } from "node:crypto";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { eq, sql } from "drizzle-orm";
import { PgBoss } from "pg-boss";
import { setEnv } from "@/lib/env";
import { generateKey, parseKeyring } from "@/lib/crypto/secrets";
import { createStorage } from "@/lib/storage/storage";
import { fetchAccount, type FetchDeps } from "@/lib/mail/fetch-account";
import { storeMessages } from "@/lib/mail/store-messages";
import { accountStats, getAccount } from "@/lib/accounts/service";
import { dueAccounts } from "@/lib/accounts/due";
import { fetchLeases, fetchRuns, mailAccounts } from "@/lib/db/schema/accounts";
import { acquireFetchLease } from "@/lib/mail/fetch-lease";
import { openGmailTokens } from "@/lib/mail/gmail/tokens";
import { BOSS_SCHEMA } from "@/lib/queue";
import { logger } from "@/lib/logger";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { buildMessage, makePdf } from "../support/mime";
import { makeGmailAccount, makeUser } from "../support/factories";
import { googleEnv, startFakeGoogle, type FakeGoogle } from "../support/google";

let tdb: TestDatabase;
let google: FakeGoogle;
let dataDir: string;
let deps: FetchDeps;
let boss: PgBoss;
const ring = parseKeyring(generateKey());
let seq = 0;

before(async () => {
  [tdb, google, dataDir] = await Promise.all([createTestDatabase(), startFakeGoogle(), mkdtemp(path.join(os.tmpdir(), "mailroom-gmail-sync-"))]);
  setEnv({ ...googleEnv(google, "http://mailroom.test"), GMAIL_INITIAL_DAYS: "90" });
  boss = new PgBoss({ connectionString: tdb.url, schema: BOSS_SCHEMA, supervise: false, schedule: false });
  boss.on("error", () => {});
  await boss.start();
  deps = { db: tdb.db, boss, storage: createStorage({ dataDir }), keyring: ring, log: logger };
});

after(async () => {
  await boss.stop({ graceful: false, close: true });
  await google.close();
  await tdb.drop();
  await rm(dataDir, { recursive: true, force: true });
});

/** A connected Gmail account in a fresh company, or in `companyId`'s. */
async function gmailAccount(companyId?: string) {
  const email = `box${++seq}@gmail.test`;
  return makeGmailAccount(tdb.db, ring, companyId ?? (await makeUser(tdb.db)).companyId, { email, refreshToken: google.mintRefreshToken(email) });
}

function invoice(name: string, opts: { content?: Buffer; date?: Date } = {}) {
  return buildMessage({
    subject: `Invoice ${name}`,
    date: opts.date,
    attachments: [{ filename: `${name}.pdf`, contentType: "application/pdf", content: opts.content ?? makePdf(`Invoice ${name} ${randomUUID()}`) }],
  });
}

async function sync(account: { id: string; companyId: string }, batchSize = 100, maxMessageBytes?: number) {
  const outcome = await fetchAccount(deps, await getAccount(tdb.db, account.companyId, account.id), { batchSize, maxAttachmentBytes: 25 * 1024 * 1024, maxMessageBytes });
  return outcome;
}

const sha256 = (data: Buffer) => createHash("sha256").update(data).digest("hex");

async function row(id: string) {
  const [r] = await tdb.sql`select * from mail_accounts where id = ${id}`;
  return r;
}

const count = async (table: "emails" | "documents", accountId: string) =>
  Number((await tdb.sql`select count(*)::int as n from ${tdb.sql(table)} where account_id = ${accountId}`)[0].n);

describe("Gmail sync", () => {
  test("a first sync takes messages with attachments over the look-back a page at a time, across runs, one document per attachment", async () => {
    const a = await gmailAccount();
    for (const n of ["a1", "a2", "a3"]) google.deliver(a.email, invoice(n));
    google.deliver(a.email, buildMessage({ subject: "no attachment" }));
    google.deliver(a.email, invoice("ancient", { date: new Date(Date.now() - 200 * 86_400_000) }), { date: new Date(Date.now() - 200 * 86_400_000) });

    const first = await sync(a, 2);
    assert.ok(first.ok && first.messages === 2 && first.more, JSON.stringify(first));
    assert.ok((await row(a.id)).gmail_sync_page_token, "the listing's place is kept for the next run");
    const second = await sync(a, 2);
    assert.ok(second.ok && second.messages === 1 && !second.more, JSON.stringify(second));
    const after = await row(a.id);
    assert.equal(after.gmail_sync_page_token, null, "the listing is done");
    assert.ok(after.gmail_history_id);
    assert.equal(after.status, "ok");
    assert.equal(await count("emails", a.id), 3);
    assert.equal(await count("documents", a.id), 3);
    const listed = google.requests.find((r) => r.path === "/gmail/v1/users/me/messages" && r.query.q?.includes("has:attachment"));
    assert.match(listed!.query.q, /^has:attachment after:\d+$/);
    const jobs = await tdb.sql`select count(*)::int as n from pgboss.job where name = 'document.process'`;
    assert.ok(jobs[0].n >= 3, "each new document is queued for processing");
    const due = await dueAccounts(tdb.db, new Date(Date.now() + 86_400_000));
    assert.ok(due.some((d) => d.id === a.id), "a Gmail account is scheduled like an IMAP one");
  });

  test("a first sync of 120 messages reads them in batches, well under two HTTP requests a message, and keeps every one", async () => {
    const a = await gmailAccount();
    const ids = Array.from({ length: 120 }, (_, i) => google.deliver(a.email, invoice(`g${i}`)));
    const from = google.requests.length;
    const r = await sync(a, 200);
    assert.ok(r.ok && r.messages === 120 && r.documents === 120 && !r.more, JSON.stringify(r));
    const sent = google.requests.slice(from);
    const http = sent.filter((q) => !q.batched && (q.path.startsWith("/gmail/") || q.path.startsWith("/batch/")));
    // getProfile, two pages of messages.list, and batches of at most 50 for the headers and for the raw messages.
    assert.ok(http.length <= 10, `${http.length} HTTP requests for 120 messages`);
    const gets = sent.filter((q) => q.batched);
    for (const format of ["metadata", "raw"]) {
      const asked = gets.filter((q) => q.query.format === format).map((q) => q.path.split("/").at(-1));
      assert.deepEqual([...asked].sort(), [...ids].sort(), `each message's ${format} asked for once`);
    }
    const stored = await tdb.sql`select provider_message_id from emails where account_id = ${a.id}`;
    assert.deepEqual(stored.map((e) => e.provider_message_id).sort(), [...ids].sort());
    assert.equal(await count("documents", a.id), 120);
  });

  test("a run that fails after storing a page records in its fetch history what it stored", async () => {
    const a = await gmailAccount();
    for (let i = 0; i < 105; i++) google.deliver(a.email, invoice(`h${i}`));
    // The second page of the listing fails; the first (100 messages) is stored by then.
    google.failNext(a.email, { status: 503, retryAfterSeconds: 1, when: (url) => url.pathname.endsWith("/messages") && url.searchParams.has("pageToken") });
    const r = await sync(a, 200);
    assert.equal(r.ok, false);
    const [run] = await tdb.sql`select status, messages, documents, error from fetch_runs where account_id = ${a.id}`;
    assert.deepEqual([run.status, run.messages, run.documents], ["error", 100, 100]);
    assert.match(run.error, /HTTP 503/);
    assert.equal(await count("emails", a.id), 100);
    const again = await sync(a, 200);
    assert.ok(again.ok && again.messages === 5, JSON.stringify(again));
  });

  test("the fetching switch stops a running Gmail sync between groups of messages, mid-page, keeping what it stored; the next run takes the rest once", async () => {
    const a = await gmailAccount();
    for (let i = 0; i < 105; i++) google.deliver(a.email, invoice(`s${i}`));
    // Asked before each group of 50 downloads: on at the second, half the first page is in.
    let asked = 0;
    const shouldStop = async () => ++asked >= 2;
    const r = await fetchAccount(deps, await getAccount(tdb.db, a.companyId, a.id), { batchSize: 200, maxAttachmentBytes: 25 * 1024 * 1024, shouldStop });
    assert.ok(r.ok && "stopped" in r && r.stopped === true && r.more === false && r.messages === 50, JSON.stringify(r));
    assert.equal(await count("emails", a.id), 50);
    assert.equal((await row(a.id)).gmail_sync_page_token, "", "the cursor stays at the first page");
    const rest = await sync(a, 200);
    assert.ok(rest.ok && rest.messages === 55 && !rest.stopped, JSON.stringify(rest));
    assert.equal(await count("emails", a.id), 105);
    assert.equal(await count("documents", a.id), 105);
  });

  test("a Gmail sync whose mailbox another worker took over between pages stores nothing more and is handed over; the next holder takes the rest", async () => {
    const a = await gmailAccount();
    for (let i = 0; i < 105; i++) google.deliver(a.email, invoice(`h${i}`));
    const before = await row(a.id);
    // Asked before each group of 50 and between pages: after the first page is stored, this worker
    // stalled past its lease and another took it.
    let asked = 0;
    const shouldStop = async () => {
      if (++asked < 3) return false;
      await tdb.db.update(fetchLeases).set({ expiresAt: sql`clock_timestamp() - interval '1 second'` }).where(eq(fetchLeases.accountId, a.id));
      assert.ok((await acquireFetchLease(tdb.db, a.id, 30)).ok);
      return false;
    };
    const r = await fetchAccount(deps, await getAccount(tdb.db, a.companyId, a.id), { batchSize: 200, maxAttachmentBytes: 25 * 1024 * 1024, shouldStop });
    assert.ok(r.ok && r.lease === "lost" && r.messages === 100, JSON.stringify(r));
    assert.equal(await count("emails", a.id), 100, "the second page was not stored");
    const pageToken = (await row(a.id)).gmail_sync_page_token;
    assert.ok(pageToken, "the cursor stays at the second page");
    const [run] = await tdb.db.select().from(fetchRuns).where(eq(fetchRuns.accountId, a.id));
    assert.deepEqual([run.status, run.messages, run.error], ["lease_lost", 100, null]);
    const after = await row(a.id);
    assert.deepEqual([after.status, after.last_error, after.failure_count, after.last_fetch_at], [before.status, before.last_error, before.failure_count, before.last_fetch_at]);

    await tdb.db.update(fetchLeases).set({ expiresAt: sql`clock_timestamp() - interval '1 second'` }).where(eq(fetchLeases.accountId, a.id));
    const rest = await sync(a, 200);
    assert.ok(rest.ok && rest.lease === undefined && rest.messages === 5, JSON.stringify(rest));
    assert.equal(await count("emails", a.id), 105);
    assert.equal(await count("documents", a.id), 105);
  });

  test("an incremental sync fetches only the message added since the last one", async () => {
    const a = await gmailAccount();
    google.deliver(a.email, invoice("b1"));
    assert.equal((await sync(a)).ok, true);
    const before = google.requests.length;
    const id = google.deliver(a.email, buildMessage({ subject: "later, no attachment either" }));
    const r = await sync(a);
    assert.ok(r.ok && r.messages === 1, JSON.stringify(r));
    const since = google.requests.slice(before);
    assert.ok(since.some((q) => q.path === "/gmail/v1/users/me/history" && q.query.historyTypes === "messageAdded"));
    const got = since.filter((q) => q.path.startsWith("/gmail/v1/users/me/messages/"));
    assert.deepEqual([...new Set(got.map((q) => q.path))], [`/gmail/v1/users/me/messages/${id}`]);
    assert.ok(got.some((q) => q.query.format === "raw"));
    assert.ok(!since.some((q) => q.path === "/gmail/v1/users/me/messages"), "no listing");
    assert.equal(await count("emails", a.id), 2);
    const again = await sync(a);
    assert.ok(again.ok && again.messages === 0);
  });

  test("an expired history falls back to a resync that duplicates nothing", async () => {
    const a = await gmailAccount();
    google.deliver(a.email, invoice("c1"));
    google.deliver(a.email, invoice("c2"));
    assert.equal((await sync(a)).ok, true);
    google.deliver(a.email, invoice("c3"));
    google.expireHistory(a.email);
    const r = await sync(a);
    assert.ok(r.ok && r.messages === 1, JSON.stringify(r));
    assert.equal(await count("emails", a.id), 3);
    assert.equal(await count("documents", a.id), 3);
    assert.equal((await row(a.id)).gmail_sync_page_token, null);
  });

  test("the same attachment reached through IMAP and Gmail in one company stays one document", async () => {
    const a = await gmailAccount();
    const pdf = makePdf(`Shared invoice ${randomUUID()}`);
    const imap = await gmailAccount(a.companyId);
    await tdb.sql`update mail_accounts set provider = 'imap', host = 'imap.example.test', port = 993 where id = ${imap.id}`;
    await storeMessages(deps, { companyId: a.companyId, accountId: imap.id, folder: "INBOX", uidValidity: 7 }, [{ uid: 1, raw: Buffer.from(invoice("shared", { content: pdf })) }], {
      maxAttachmentBytes: 25 * 1024 * 1024,
      filters: {},
    });
    google.deliver(a.email, invoice("shared-again", { content: pdf }));
    const r = await sync(a);
    assert.ok(r.ok && r.messages === 1 && r.documents === 0, JSON.stringify(r));
    const docs = await tdb.sql`select count(*)::int as n from documents where company_id = ${a.companyId}`;
    assert.equal(docs[0].n, 1);
    const att = await tdb.sql`select a.document_id from attachments a join emails e on e.id = a.email_id where e.account_id = ${a.id}`;
    assert.equal(att.length, 1);
    assert.ok(att[0].document_id, "the Gmail copy points at the existing document");
  });

  test("a message over MAX_MESSAGE_MB is listed as skipped without being downloaded, and the account's filters apply before downloading", async () => {
    const a = await gmailAccount();
    await tdb.db.update(mailAccounts).set({ filters: { subject: ["Invoice"] } }).where(eq(mailAccounts.id, a.id));
    const big = google.deliver(a.email, invoice("big", { content: makePdf("big one", { padToBytes: 200_000 }) }));
    const other = google.deliver(a.email, buildMessage({ subject: "Newsletter", attachments: [{ filename: "n.pdf", contentType: "application/pdf", content: makePdf("news") }] }));
    google.deliver(a.email, invoice("small"));
    const r = await sync(a, 100, 100_000);
    assert.ok(r.ok && r.messages === 1 && r.skipped === 1, JSON.stringify(r));
    const skipped = await tdb.sql`select provider_message_id, uid, subject, reason from skipped_messages where account_id = ${a.id}`;
    assert.equal(skipped.length, 1);
    assert.equal(skipped[0].provider_message_id, big);
    assert.equal(skipped[0].uid, null);
    assert.equal(skipped[0].subject, "Invoice big");
    assert.match(skipped[0].reason, /MAX_MESSAGE_MB/);
    const raws = google.requests.filter((q) => q.query.format === "raw").map((q) => q.path.split("/").at(-1));
    assert.ok(!raws.includes(big) && !raws.includes(other), "neither the large nor the filtered message was downloaded");
    assert.equal(await count("emails", a.id), 1);
    const stats = await accountStats(tdb.db, a.companyId, a.id);
    assert.equal(stats.skipped_messages.length, 1);
  });

  test("a message over STREAM_MESSAGE_MB is streamed from Gmail's answer into a file: stored once and byte-identical, outside the batches; a repeat stores nothing twice", async () => {
    const a = await gmailAccount();
    const pdf = makePdf(`Yearly statement ${randomUUID()}`, { padToBytes: 3_000_000 });
    const bigRaw = Buffer.from(invoice("statement", { content: pdf }));
    const big = google.deliver(a.email, bigRaw);
    const beside = google.deliver(a.email, invoice("beside"));
    const settings = { batchSize: 100, maxAttachmentBytes: 25 * 1024 * 1024, streamMessageBytes: 1024 * 1024 };
    const r = await fetchAccount(deps, await getAccount(tdb.db, a.companyId, a.id), settings);
    assert.ok(r.ok && r.messages === 2 && r.documents === 2, JSON.stringify(r));
    const rawGets = google.requests.filter((q) => q.query.format === "raw");
    assert.deepEqual(rawGets.filter((q) => q.path.endsWith(`/${big}`)).map((q) => q.batched ?? false), [false], "the large one alone, streamed");
    assert.deepEqual(rawGets.filter((q) => q.path.endsWith(`/${beside}`)).map((q) => q.batched ?? false), [true], "the small one in a batch");
    const [email] = await tdb.sql`select id, size, raw_sha256, raw_key from emails where account_id = ${a.id} and provider_message_id = ${big}`;
    assert.equal(email.size, bigRaw.length);
    assert.equal(email.raw_sha256, sha256(bigRaw));
    assert.equal(sha256(await readFile(path.join(dataDir, "files", email.raw_key))), sha256(bigRaw), "the raw message is stored byte-identical");
    const [att] = await tdb.sql`select sha256, status from attachments where email_id = ${email.id}`;
    assert.deepEqual([att.sha256, att.status], [sha256(pdf), "document"]);

    // Listed again from the start, as after an expired history: what is kept is not stored twice.
    await tdb.db.update(mailAccounts).set({ gmailHistoryId: null, gmailSyncPageToken: null }).where(eq(mailAccounts.id, a.id));
    const again = await fetchAccount(deps, await getAccount(tdb.db, a.companyId, a.id), settings);
    assert.ok(again.ok && again.messages === 0, JSON.stringify(again));
    assert.equal(await count("emails", a.id), 2);
    assert.equal(await count("documents", a.id), 2);
  });

  test("Gmail refusing a streamed message (429) holds the account back as it asks, like any other Gmail call", async () => {
    const a = await gmailAccount();
    const big = google.deliver(a.email, invoice("refused", { content: makePdf("refused", { padToBytes: 1_500_000 }) }));
    google.failNext(a.email, { status: 429, retryAfterSeconds: 120, when: (url) => url.pathname.endsWith(`/${big}`) && url.searchParams.get("format") === "raw" });
    const r = await fetchAccount(deps, await getAccount(tdb.db, a.companyId, a.id), { batchSize: 100, maxAttachmentBytes: 25 * 1024 * 1024, streamMessageBytes: 1024 * 1024 });
    assert.equal(r.ok, false);
    assert.match((await row(a.id)).last_error, /slow down/);
    assert.equal(await count("emails", a.id), 0);
  });

  test("refreshed access tokens are saved, encrypted, for the next run", async () => {
    const a = await gmailAccount();
    assert.equal((await sync(a)).ok, true);
    const first = openGmailTokens(ring, a.id, (await row(a.id)).secret_enc);
    assert.match(first.access_token ?? "", /^ya29\./);
    assert.equal(first.refresh_token, a.refreshToken);
    google.expireAccessTokens();
    google.deliver(a.email, invoice("d1"));
    const r = await sync(a);
    assert.ok(r.ok && r.messages === 1, JSON.stringify(r));
    const stored = (await row(a.id)).secret_enc;
    assert.doesNotMatch(stored, /ya29\./);
    const second = openGmailTokens(ring, a.id, stored);
    assert.match(second.access_token ?? "", /^ya29\./);
    assert.notEqual(second.access_token, first.access_token);
  });

  test("a revoked grant puts the account in needs_reconnect with a clear error, and it is no longer scheduled", async () => {
    const a = await gmailAccount();
    google.revoke(a.refreshToken);
    const r = await sync(a);
    assert.equal(r.ok, false);
    assert.equal(!r.ok && r.retry, false);
    const after = await row(a.id);
    assert.equal(after.status, "needs_reconnect");
    assert.match(after.last_error, /revoked or expired.*reconnect/);
    const due = await dueAccounts(tdb.db, new Date(Date.now() + 30 * 86_400_000));
    assert.ok(!due.some((d) => d.id === a.id));
  });

  test("a 429 with Retry-After holds that account back as long as Google asks, and another account still syncs", async () => {
    const limited = await gmailAccount();
    const other = await gmailAccount();
    google.deliver(limited.email, invoice("e1"));
    google.deliver(other.email, invoice("f1"));
    google.failNext(limited.email, { status: 429, retryAfterSeconds: 300 });
    const [r1, r2] = await Promise.all([sync(limited), sync(other)]);
    assert.equal(r1.ok, false);
    assert.equal(!r1.ok && r1.retry, false, "it waits for retry_after, not for pg-boss's retries");
    assert.ok(r2.ok && r2.messages === 1, JSON.stringify(r2));
    const held = await row(limited.id);
    const wait = (new Date(held.retry_after).getTime() - Date.now()) / 1000;
    assert.ok(wait > 240 && wait <= 300, `retry_after is Retry-After away, not ${wait} s`);
    assert.match(held.last_error, /slow down/);
    assert.equal((await row(other.id)).status, "ok");
    const due = await dueAccounts(tdb.db, new Date());
    assert.ok(!due.some((d) => d.id === limited.id));
    assert.equal(await count("emails", limited.id), 0);
  });

  test("a 5xx from Gmail is retried with back-off and marks only that account unreachable", async () => {
    const a = await gmailAccount();
    google.failNext(a.email, { status: 503, retryAfterSeconds: 1 });
    const r = await sync(a);
    assert.equal(r.ok, false);
    assert.equal(!r.ok && r.retry, true);
    assert.equal((await row(a.id)).status, "unreachable");
    assert.equal((await sync(a)).ok, true);
    assert.equal((await row(a.id)).status, "ok");
  });
});
