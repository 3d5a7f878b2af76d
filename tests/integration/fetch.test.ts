import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { and, eq, sql } from "drizzle-orm";
import { ImapFlow } from "imapflow";
import { PgBoss } from "pg-boss";
import { generateKey, parseKeyring } from "@/lib/crypto/secrets";
import { createStorage, documentKey } from "@/lib/storage/storage";
import { analyzeThreadStats } from "@/lib/mail/analyze";
import { s3Storage } from "@/lib/storage/s3";
import { startS3 } from "../support/s3";
import { fetchAccount, type FetchDeps } from "@/lib/mail/fetch-account";
import { accountStats, deleteAccount, getAccount } from "@/lib/accounts/service";
import { existsSync } from "node:fs";
import { dueAccounts } from "@/lib/accounts/due";
import { mailAccounts, mailFolders, fetchRuns } from "@/lib/db/schema/accounts";
import { attachments, emails } from "@/lib/db/schema/mail";
import { documents } from "@/lib/db/schema/documents";
import { BOSS_SCHEMA } from "@/lib/queue";
import { logger } from "@/lib/logger";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { startDovecot, type Dovecot } from "../support/dovecot";
import { buildBrokenMessage, buildForwarded, buildMessage, makePdf, makePng } from "../support/mime";
import { makeImapAccount, makeUser } from "../support/factories";

let tdb: TestDatabase;
let dovecot: Dovecot;
let dataDir: string;
let deps: FetchDeps;
let boss: PgBoss;
const key = generateKey();
const ring = parseKeyring(key);
const settings = { batchSize: 100, maxAttachmentBytes: 25 * 1024 * 1024 };
let userSeq = 0;

before(async () => {
  [tdb, dovecot, dataDir] = await Promise.all([createTestDatabase(), startDovecot(), mkdtemp(path.join(os.tmpdir(), "mailroom-fetch-"))]);
  boss = new PgBoss({ connectionString: tdb.url, schema: BOSS_SCHEMA, supervise: false, schedule: false });
  boss.on("error", () => {});
  await boss.start();
  deps = { db: tdb.db, boss, storage: createStorage({ dataDir }), keyring: ring, log: logger };
});

after(async () => {
  await boss.stop({ graceful: false, close: true });
  await dovecot.dispose();
  await tdb.drop();
  await rm(dataDir, { recursive: true, force: true });
});

/** A mailbox on Dovecot and a Mailroom account for it, in a fresh company. */
async function mailbox(overrides: Record<string, unknown> = {}) {
  const name = `user${++userSeq}`;
  await dovecot.addUser({ name, password: "pw-" + name });
  const { companyId } = await makeUser(tdb.db);
  const account = await makeImapAccount(tdb.db, ring, companyId, {
    email: `${name}@example.test`,
    username: name,
    host: dovecot.host,
    port: dovecot.port,
    password: "pw-" + name,
    ...overrides,
  });
  return { name, companyId, account };
}

const invoice = (n: number, extra: Partial<Parameters<typeof buildMessage>[0]> = {}) =>
  buildMessage({
    from: "Acme Billing <billing@acme.test>",
    subject: `Invoice ${n}`,
    text: `Please find invoice ${n} attached.`,
    attachments: [{ filename: `invoice-${n}.pdf`, contentType: "application/pdf", content: makePdf(`Invoice ${n}`) }],
    ...extra,
  });

async function fetchOnce(accountId: string, companyId: string, s = settings) {
  return fetchAccount(deps, await getAccount(tdb.db, companyId, accountId), s);
}

const countWhere = async (table: typeof emails | typeof documents, accountId: string) =>
  (await tdb.db.select({ n: sql<number>`count(*)::int` }).from(table).where(eq(table.accountId, accountId)))[0].n;

async function queuedJobs(name: string, companyId: string) {
  const rows = await tdb.sql.unsafe(`select count(*)::int as n from ${BOSS_SCHEMA}.job where name = $1 and data->>'company_id' = $2`, [name, companyId]);
  return rows[0].n as number;
}

describe("IMAP fetch", () => {
  test("first sync stores every email and attachment, creates documents and queues their processing", async () => {
    const { name, companyId, account } = await mailbox();
    const pdf = makePdf("First invoice");
    const png = makePng({ seed: 7 });
    await dovecot.append(name, "INBOX", buildMessage({ subject: "Invoice 1", attachments: [{ filename: "invoice-1.pdf", contentType: "application/pdf", content: pdf }] }));
    await dovecot.append(
      name,
      "INBOX",
      buildMessage({ subject: "קבלה", attachments: [{ filename: "קבלה מס׳ 5.png", contentType: "image/png", content: png, filenameEncoding: "rfc2231" }] }),
    );
    await dovecot.append(name, "INBOX", buildMessage({ subject: "Just text", text: "no attachments here" }));

    const r = await fetchOnce(account.id, companyId);
    assert.deepEqual(r, { ok: true, messages: 3, documents: 2, skipped: 0, more: false });

    const docs = await tdb.db.select().from(documents).where(eq(documents.accountId, account.id)).orderBy(documents.filename);
    assert.deepEqual(docs.map((d) => d.filename).sort(), ["invoice-1.pdf", "קבלה מס׳ 5.png"].sort());
    for (const d of docs) {
      assert.equal(d.status, "pending");
      assert.equal(d.storageType, "local");
      const bytes = await readFile(path.join(dataDir, "files", d.fileKey));
      assert.equal(createHash("sha256").update(bytes).digest("hex"), d.sha256, "stored file is byte-identical");
    }
    assert.ok(docs.find((d) => d.contentType === "image/png"));
    const mails = await tdb.db.select().from(emails).where(eq(emails.accountId, account.id)).orderBy(emails.uid);
    assert.deepEqual(mails.map((m) => m.subject), ["Invoice 1", "קבלה", "Just text"]);
    const raw = await readFile(path.join(dataDir, "files", mails[0].rawKey));
    assert.equal(raw.length, mails[0].size, "the full raw message is kept");
    assert.equal(await queuedJobs("document.process", companyId), 2);

    const [state] = await tdb.db.select().from(mailFolders).where(eq(mailFolders.accountId, account.id));
    assert.equal(state.lastUid, 3);
    const [acc] = await tdb.db.select().from(mailAccounts).where(eq(mailAccounts.id, account.id));
    assert.equal(acc.status, "ok");
    assert.ok(acc.lastFetchAt);
    const runs = await tdb.db.select().from(fetchRuns).where(eq(fetchRuns.accountId, account.id));
    assert.equal(runs.length, 1);
    assert.equal(runs[0].status, "ok");
    assert.equal(runs[0].messages, 3);

    // Mail stays unread on the server unless the account asks otherwise.
    const client = new ImapFlow({ host: dovecot.host, port: dovecot.port, secure: false, doSTARTTLS: false, auth: { user: name, pass: "pw-" + name }, logger: false });
    await client.connect();
    await client.mailboxOpen("INBOX");
    const seen = await client.search({ seen: true });
    await client.logout();
    assert.deepEqual(seen, []);
  });

  test("an incremental fetch takes only new messages; the same file twice is one document", async () => {
    const { name, companyId, account } = await mailbox();
    await dovecot.append(name, "INBOX", invoice(1));
    assert.equal((await fetchOnce(account.id, companyId)).ok, true);
    const again = await fetchOnce(account.id, companyId);
    assert.deepEqual(again, { ok: true, messages: 0, documents: 0, skipped: 0, more: false });

    const shared = makePdf("Shared statement");
    const withShared = (s: string) => buildMessage({ subject: s, attachments: [{ filename: `${s}.pdf`, contentType: "application/pdf", content: shared }] });
    await dovecot.append(name, "INBOX", withShared("a"));
    await dovecot.append(name, "INBOX", withShared("b"));
    const r = await fetchOnce(account.id, companyId);
    assert.deepEqual(r, { ok: true, messages: 2, documents: 1, skipped: 0, more: false });
    assert.equal(await countWhere(emails, account.id), 3);
    assert.equal(await countWhere(documents, account.id), 2);
    const links = await tdb.db.select().from(attachments).where(eq(attachments.companyId, companyId));
    const sharedLinks = links.filter((l) => l.sha256 === createHash("sha256").update(shared).digest("hex"));
    assert.equal(sharedLinks.length, 2);
    assert.equal(new Set(sharedLinks.map((l) => l.documentId)).size, 1, "both attachments point at one document");
  });

  test("at most batchSize messages per run; the rest on the next runs", async () => {
    const { name, companyId, account } = await mailbox();
    await dovecot.fillMaildir(name, "INBOX", Array.from({ length: 7 }, (_, i) => invoice(100 + i)));
    const small = { ...settings, batchSize: 3 };
    const runs = [];
    for (let i = 0; i < 4; i++) runs.push(await fetchOnce(account.id, companyId, small));
    assert.deepEqual(runs.map((r) => (r.ok ? [r.messages, r.more] : r.error.message)), [[3, true], [3, true], [1, false], [0, false]]);
    assert.equal(await countWhere(documents, account.id), 7);
  });

  test("a UIDVALIDITY change resyncs the folder without duplicates", async () => {
    const { name, companyId, account } = await mailbox();
    for (let i = 0; i < 3; i++) await dovecot.append(name, "INBOX", invoice(200 + i));
    await fetchOnce(account.id, companyId);
    const [before] = await tdb.db.select().from(mailFolders).where(eq(mailFolders.accountId, account.id));
    await dovecot.resetUidValidity(name, "INBOX");
    await dovecot.append(name, "INBOX", invoice(299));
    const r = await fetchOnce(account.id, companyId);
    assert.equal(r.ok, true);
    const [afterState] = await tdb.db.select().from(mailFolders).where(eq(mailFolders.accountId, account.id));
    assert.notEqual(afterState.uidValidity, before.uidValidity);
    assert.equal(await countWhere(emails, account.id), 4, "three kept, one new");
    assert.equal(await countWhere(documents, account.id), 4);
    const mails = await tdb.db.select().from(emails).where(eq(emails.accountId, account.id));
    assert.ok(mails.every((m) => m.uidValidity === afterState.uidValidity), "old emails now carry the new UIDVALIDITY");
  });

  test("a wrong password marks the account auth_error, backs off for an hour and leaves others alone", async () => {
    const bad = await mailbox({ password: "not-the-password" });
    const good = await mailbox();
    await dovecot.append(good.name, "INBOX", invoice(1));
    const started = Date.now();
    const r = await fetchOnce(bad.account.id, bad.companyId);
    assert.ok(Date.now() - started < 10_000, "a wrong password is reported quickly");
    assert.equal(r.ok, false);
    assert.equal(r.ok === false && r.retry, false, "no job retry for a login failure");
    const [row] = await tdb.db.select().from(mailAccounts).where(eq(mailAccounts.id, bad.account.id));
    assert.equal(row.status, "auth_error");
    assert.match(row.lastError ?? "", /Login failed/);
    assert.ok(row.retryAfter && row.retryAfter.getTime() - Date.now() > 50 * 60_000, "backs off at least ~an hour");
    const due = await dueAccounts(tdb.db, new Date());
    assert.ok(!due.some((d) => d.id === bad.account.id), "not due while backing off");
    assert.ok(due.some((d) => d.id === good.account.id));
    assert.equal((await fetchOnce(good.account.id, good.companyId)).ok, true);
    const [run] = await tdb.db.select().from(fetchRuns).where(and(eq(fetchRuns.accountId, bad.account.id)));
    assert.equal(run.status, "error");
  });

  test("a server that is down is unreachable with a reason, and recovers when it is back", async () => {
    const { name, companyId, account } = await mailbox();
    await dovecot.append(name, "INBOX", invoice(1));
    await dovecot.stop();
    try {
      const r = await fetchOnce(account.id, companyId);
      assert.equal(r.ok, false);
      assert.equal(r.ok === false && r.retry, true, "pg-boss retries an unreachable server");
      const [row] = await tdb.db.select().from(mailAccounts).where(eq(mailAccounts.id, account.id));
      assert.equal(row.status, "unreachable");
      assert.match(row.lastError ?? "", /refused/i);
    } finally {
      await dovecot.start();
    }
    const r = await fetchOnce(account.id, companyId);
    assert.equal(r.ok, true);
    const [row] = await tdb.db.select().from(mailAccounts).where(eq(mailAccounts.id, account.id));
    assert.equal(row.status, "ok");
    assert.equal(row.lastError, null);
  });

  test("TLS to a server with an untrusted certificate fails with a TLS reason", async () => {
    const { companyId, account } = await mailbox({ security: "tls", port: dovecot.tlsPort });
    const r = await fetchOnce(account.id, companyId);
    assert.equal(r.ok, false);
    assert.equal(r.ok === false && r.error.kind, "tls");
    const [row] = await tdb.db.select().from(mailAccounts).where(eq(mailAccounts.id, account.id));
    assert.match(row.lastError ?? "", /TLS/);
  });

  test("a missing folder is named in the error", async () => {
    const { companyId, account } = await mailbox({ folders: ["INBOX", "Nope"] });
    const r = await fetchOnce(account.id, companyId);
    assert.equal(r.ok === false && r.error.kind, "folder");
    assert.match(r.ok === false ? r.error.message : "", /"Nope" does not exist/);
  });

  test("bad input is recorded with a reason and nothing else is lost", async () => {
    const { name, companyId, account } = await mailbox();
    const pdf = makePdf("Good one");
    await dovecot.append(name, "INBOX", buildBrokenMessage("kitchen-sink"));
    await dovecot.append(name, "INBOX", buildBrokenMessage("missing-boundary"));
    await dovecot.append(
      name,
      "INBOX",
      buildMessage({
        subject: "Mixed bag",
        html: '<p>logo <img src="cid:logo@x"></p>',
        attachments: [
          { filename: "../../x.pdf", contentType: "application/pdf", content: pdf },
          { filename: "empty.pdf", contentType: "application/pdf", content: Buffer.alloc(0) },
          { filename: "big.pdf", contentType: "application/pdf", content: makePdf("big", { padToBytes: 40_000 }) },
          { filename: "fake.pdf", contentType: "application/pdf", content: Buffer.from("this is not a pdf at all") },
          { filename: "notes.docx", contentType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document", content: Buffer.from("PK\u0003\u0004docx") },
          { filename: "logo.png", contentType: "image/png", content: makePng({ seed: 1 }), inline: true, contentId: "logo@x" },
          { filename: "חשבונית.pdf", contentType: "application/pdf", content: makePdf("encoded word name"), filenameEncoding: "encoded-word" },
        ],
      }),
    );
    const nulSubject = `=?UTF-8?B?${Buffer.from("Invoice\u0000 with a NUL").toString("base64")}?=`;
    await dovecot.append(name, "INBOX", buildMessage({ subject: "placeholder", attachments: [{ filename: "nul.pdf", contentType: "application/pdf", content: makePdf("nul subject") }] }).replace("Subject: placeholder", `Subject: ${nulSubject}`));
    const inner = buildMessage({ subject: "Original", attachments: [{ filename: "forwarded-invoice.pdf", contentType: "application/pdf", content: makePdf("Inside a forward") }] });
    await dovecot.append(name, "INBOX", buildForwarded(inner));

    const r = await fetchOnce(account.id, companyId, { ...settings, maxAttachmentBytes: 20_000 });
    assert.equal(r.ok, true, r.ok ? "" : r.error.message);
    assert.equal(r.ok && r.messages, 5, "broken messages are stored too");
    const mails = await tdb.db.select().from(emails).where(eq(emails.accountId, account.id)).orderBy(emails.uid);
    assert.equal(mails.length, 5);
    assert.equal(mails[3].subject, "Invoice with a NUL", "a NUL in a header is dropped, not fatal");
    for (const m of mails) assert.ok((await readFile(path.join(dataDir, "files", m.rawKey))).length > 0, "raw kept even when broken");

    const atts = await tdb.db.select().from(attachments).where(eq(attachments.emailId, mails[2].id));
    const by = (f: string) => atts.find((a) => a.filename === f);
    assert.equal(by("x.pdf")?.status, "document", "../../x.pdf is stored under a safe name");
    assert.match(by("empty.pdf")?.reason ?? "", /empty attachment/);
    assert.match(by("big.pdf")?.reason ?? "", /larger than the/);
    assert.match(by("fake.pdf")?.reason ?? "", /not a valid PDF/);
    assert.match(by("notes.docx")?.reason ?? "", /unsupported file type/);
    assert.match(atts.find((a) => a.declaredType === "image/png")?.reason ?? "", /inline image/);
    const docNames = (await tdb.db.select().from(documents).where(eq(documents.accountId, account.id))).map((d) => d.filename);
    assert.ok(docNames.includes("x.pdf"));
    assert.ok(docNames.includes("forwarded-invoice.pdf"), "attachments inside forwarded messages are found");
    assert.ok(docNames.some((n) => n.startsWith("חשבונית")), `encoded-word names are decoded: ${docNames.join(", ")}`);
  });

  test("filters choose messages and files; the post action moves stored mail", async () => {
    const { name, companyId, account } = await mailbox({
      filters: { from: ["acme.test"], filename_include: ["invoice*"], filename_exclude: ["*draft*"] },
      post_action: "move",
      post_action_folder: "Processed",
    });
    await dovecot.append(name, "Processed", buildMessage({ subject: "make the folder" }));
    await dovecot.append(name, "INBOX", invoice(1));
    await dovecot.append(name, "INBOX", invoice(2, { from: "Spam <x@spam.test>" }));
    await dovecot.append(
      name,
      "INBOX",
      invoice(3, {
        attachments: [
          { filename: "invoice-draft.pdf", contentType: "application/pdf", content: makePdf("draft") },
          { filename: "terms.pdf", contentType: "application/pdf", content: makePdf("terms") },
        ],
      }),
    );
    const r = await fetchOnce(account.id, companyId);
    assert.equal(r.ok && r.messages, 2, "the spam sender is filtered out");
    const docs = await tdb.db.select().from(documents).where(eq(documents.accountId, account.id));
    assert.deepEqual(docs.map((d) => d.filename), ["invoice-1.pdf"]);
    const reasons = (await tdb.db.select().from(attachments).where(eq(attachments.companyId, companyId))).map((a) => a.reason).filter(Boolean);
    assert.ok(reasons.some((x) => /excluded by/.test(x!)));
    assert.ok(reasons.some((x) => /does not match/.test(x!)));

    const client = new ImapFlow({ host: dovecot.host, port: dovecot.port, secure: false, doSTARTTLS: false, auth: { user: name, pass: "pw-" + name }, logger: false });
    await client.connect();
    const inbox = await client.status("INBOX", { messages: true });
    const processed = await client.status("Processed", { messages: true });
    await client.logout();
    assert.ok(inbox && processed);
    assert.equal(inbox.messages, 1, "only the filtered-out message stays");
    assert.equal(processed.messages, 3);
    assert.equal((await fetchOnce(account.id, companyId)).ok, true);
    assert.equal(await countWhere(emails, account.id), 2, "moving mail does not make it come back");
  });

  test("deleting an account removes its emails, documents and files; a document another mailbox also received stays", async () => {
    const a = await mailbox();
    const shared = makePdf("Shared between two mailboxes");
    await dovecot.append(a.name, "INBOX", invoice(1));
    await dovecot.append(a.name, "INBOX", buildMessage({ subject: "shared", attachments: [{ filename: "shared.pdf", contentType: "application/pdf", content: shared }] }));
    // A second mailbox of the same company receives the same file.
    const bName = `user${++userSeq}`;
    await dovecot.addUser({ name: bName, password: "pw" });
    const b = await makeImapAccount(tdb.db, ring, a.companyId, { email: `${bName}@example.test`, username: bName, host: dovecot.host, port: dovecot.port, password: "pw" });
    await dovecot.append(bName, "INBOX", buildMessage({ subject: "shared too", attachments: [{ filename: "shared.pdf", contentType: "application/pdf", content: shared }] }));
    await fetchOnce(a.account.id, a.companyId);
    await fetchOnce(b.id, a.companyId);

    const aDocs = await tdb.db.select().from(documents).where(eq(documents.accountId, a.account.id));
    const aMails = await tdb.db.select().from(emails).where(eq(emails.accountId, a.account.id));
    assert.equal(aDocs.length, 2, "the shared file is one document, first seen in account A");
    const sharedDoc = aDocs.find((d) => d.filename === "shared.pdf")!;
    const ownDoc = aDocs.find((d) => d.filename !== "shared.pdf")!;

    const result = await deleteAccount(tdb.db, deps.storage, a.companyId, a.account.id);
    assert.equal(await countWhere(emails, a.account.id), 0);
    assert.equal(await countWhere(documents, a.account.id), 0);
    for (const m of aMails) assert.equal(existsSync(path.join(dataDir, "files", m.rawKey)), false, "raw email file removed");
    assert.equal(existsSync(path.join(dataDir, "files", ownDoc.fileKey)), false, "its own document's file removed");
    assert.equal(result.files, aMails.length + 1);

    const bMails = await tdb.db.select().from(emails).where(eq(emails.accountId, b.id));
    assert.equal(bMails.length, 1, "the other account keeps its email");
    const [moved] = await tdb.db.select().from(documents).where(eq(documents.id, sharedDoc.id));
    assert.equal(moved.accountId, b.id, "the shared document now belongs to the other mailbox");
    assert.equal(moved.emailId, bMails[0].id);
    assert.equal(moved.emailSearch, `shared too\n${bMails[0].fromAddress}`, "searched by the subject and sender of the email it now belongs to");
    assert.ok(existsSync(path.join(dataDir, "files", moved.fileKey)), "and keeps its file");
    await assert.rejects(getAccount(tdb.db, a.companyId, a.account.id), /not found/);
  });

  test("a message over the size limit is not downloaded: it is listed as skipped with its reason and the mark moves past it", async () => {
    const { name, companyId, account } = await mailbox();
    await dovecot.append(name, "INBOX", invoice(1));
    const huge = buildMessage({
      subject: "Scans of the whole year",
      attachments: [{ filename: "year.pdf", contentType: "application/pdf", content: Buffer.concat([makePdf("Year"), Buffer.alloc(1_200_000, "x")]) }],
    });
    await dovecot.append(name, "INBOX", huge);
    await dovecot.append(name, "INBOX", invoice(3));
    const limited = { ...settings, maxMessageBytes: 1024 * 1024 };

    const r = await fetchOnce(account.id, companyId, limited);
    assert.deepEqual(r, { ok: true, messages: 2, documents: 2, skipped: 1, more: false });
    const mails = await tdb.db.select().from(emails).where(eq(emails.accountId, account.id)).orderBy(emails.uid);
    assert.deepEqual(mails.map((m) => m.uid), [1, 3], "the large message was never stored");
    const [state] = await tdb.db.select().from(mailFolders).where(eq(mailFolders.accountId, account.id));
    assert.equal(state.lastUid, 3, "the mark moved past it");
    const [run] = await tdb.db.select().from(fetchRuns).where(eq(fetchRuns.accountId, account.id));
    assert.equal(run.skipped, 1);

    const stats = await accountStats(tdb.db, companyId, account.id);
    assert.equal(stats.skipped_messages.length, 1);
    const [skipped] = stats.skipped_messages;
    assert.equal(skipped.uid, 2);
    assert.equal(skipped.subject, "Scans of the whole year");
    assert.equal(skipped.from, "sender@example.com");
    assert.ok(skipped.size > 1024 * 1024);
    assert.match(skipped.reason, /over the limit of 1 MB \(MAX_MESSAGE_MB\).*left on the server/);
    assert.equal(stats.fetch_history[0].skipped, 1);

    // The next run neither downloads it nor lists it twice.
    const again = await fetchOnce(account.id, companyId, limited);
    assert.deepEqual(again, { ok: true, messages: 0, documents: 0, skipped: 0, more: false });
    assert.equal((await accountStats(tdb.db, companyId, account.id)).skipped_messages.length, 1);
  });

  test("a large message's files are written by its parse thread: byte for byte, file name filters applied there", async () => {
    const { name, companyId, account } = await mailbox({ filters: { filename_exclude: ["*draft*"] } });
    const big = makePdf("Invoice 900\nTotal due: 1,250.00 EUR", { padToBytes: 200_000 });
    const draft = makePdf("Draft invoice", { padToBytes: 60_000 });
    await dovecot.append(
      name,
      "INBOX",
      buildMessage({
        subject: "Invoice 900",
        attachments: [
          { filename: "invoice-900.pdf", contentType: "application/pdf", content: big },
          { filename: "invoice-900-draft.pdf", contentType: "application/pdf", content: draft },
        ],
      }),
    );
    const threadsBefore = analyzeThreadStats()?.started ?? 0;
    const r = await fetchOnce(account.id, companyId);
    assert.deepEqual(r, { ok: true, messages: 1, documents: 1, skipped: 0, more: false });
    assert.ok((analyzeThreadStats()?.started ?? 0) >= Math.max(1, threadsBefore), "the message went through a parse thread");

    const [doc] = await tdb.db.select().from(documents).where(eq(documents.accountId, account.id));
    assert.equal(doc.filename, "invoice-900.pdf");
    assert.equal(doc.storageType, "local");
    assert.deepEqual(await readFile(path.join(dataDir, "files", doc.fileKey)), big);
    const [mail] = await tdb.db.select().from(emails).where(eq(emails.accountId, account.id));
    const raw = await readFile(path.join(dataDir, "files", mail.rawKey));
    assert.equal(mail.storageType, "local");
    assert.equal(raw.length, mail.size);
    assert.equal(createHash("sha256").update(raw).digest("hex"), mail.rawSha256);
    const rows = await tdb.db.select().from(attachments).where(eq(attachments.emailId, mail.id));
    assert.deepEqual(rows.map((a) => [a.filename, a.status, a.reason]).sort(), [
      ["invoice-900-draft.pdf", "skipped", "excluded by the account's file name filter"],
      ["invoice-900.pdf", "document", null],
    ]);
    const draftSha = createHash("sha256").update(draft).digest("hex");
    assert.equal(existsSync(path.join(dataDir, "files", documentKey(companyId, draftSha))), false, "a file the filter excludes is not written");
  });

  test("where the parse thread cannot write, storing fails as storage's failure and keeps nothing half-done; fixed, the next run stores it", async () => {
    const brokenDir = await mkdtemp(path.join(os.tmpdir(), "mailroom-fetch-broken-"));
    try {
      // "files" is a file: no folder can be made under it, by the thread or by the event loop.
      await writeFile(path.join(brokenDir, "files"), "not a folder");
      const storage = createStorage({ dataDir: brokenDir });
      const { name, companyId, account } = await mailbox();
      const big = makePdf("Invoice 901", { padToBytes: 120_000 });
      await dovecot.append(name, "INBOX", buildMessage({ subject: "Invoice 901", attachments: [{ filename: "invoice-901.pdf", contentType: "application/pdf", content: big }] }));
      const failed = await fetchAccount({ ...deps, storage }, await getAccount(tdb.db, companyId, account.id), settings);
      assert.equal(failed.ok, false);
      assert.match(!failed.ok ? failed.error.message : "", /The file store could not save a file/);
      assert.doesNotMatch(!failed.ok ? failed.error.message : "", /brokenDir|mailroom-fetch-broken|ENOTDIR/, "no paths or system errors for people");
      assert.equal(await countWhere(emails, account.id), 0);

      await rm(path.join(brokenDir, "files"));
      const r = await fetchAccount({ ...deps, storage }, await getAccount(tdb.db, companyId, account.id), settings);
      assert.equal(r.ok && r.documents, 1);
      const [doc] = await tdb.db.select().from(documents).where(eq(documents.accountId, account.id));
      assert.deepEqual(await readFile(path.join(brokenDir, "files", doc.fileKey)), big);
    } finally {
      await rm(brokenDir, { recursive: true, force: true });
    }
  });

  test("with S3 configured, emails and documents are stored there and recorded as s3", async () => {
    const s3 = await startS3();
    try {
      const remote = s3Storage({ endpoint: s3.endpoint, bucket: s3.bucket, region: "us-east-1", accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey });
      const storage = createStorage({ dataDir, remote });
      const { name, companyId, account } = await mailbox();
      await dovecot.append(name, "INBOX", invoice(1));
      const r = await fetchAccount({ ...deps, storage }, await getAccount(tdb.db, companyId, account.id), settings);
      assert.equal(r.ok && r.documents, 1);
      const [doc] = await tdb.db.select().from(documents).where(eq(documents.accountId, account.id));
      const [mail] = await tdb.db.select().from(emails).where(eq(emails.accountId, account.id));
      assert.equal(doc.storageType, "s3");
      assert.equal(mail.storageType, "s3");
      assert.equal(existsSync(path.join(dataDir, "files", doc.fileKey)), false, "nothing on local disk");
      const bytes = await storage.get("s3", doc.fileKey);
      assert.equal(createHash("sha256").update(bytes).digest("hex"), doc.sha256);
    } finally {
      await s3.dispose();
    }
  });
});
