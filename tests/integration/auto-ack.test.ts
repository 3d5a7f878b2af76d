// Auto-acknowledgement end to end in the real worker, against a real SMTP server: what the reply
// says and carries, the mail it never answers (RFC 3834), once per sender and thread, and the rate.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { eq, inArray } from "drizzle-orm";
import { PgBoss } from "pg-boss";
import { generateKey, parseKeyring } from "@/lib/crypto/secrets";
import { createStorage } from "@/lib/storage/storage";
import { storeMessages } from "@/lib/mail/store-messages";
import { companySmtp, sentEmails } from "@/lib/db/schema/notifications";
import { mailAccounts } from "@/lib/db/schema/accounts";
import { companyAutoReply, emailReplies } from "@/lib/db/schema/triage";
import { createTriageRule } from "@/lib/triage/rules";
import { createTriageRuleSchema, replyInputSchema } from "@/lib/triage/schemas";
import { getReviewEmail, replyToEmail } from "@/lib/triage/review";
import { defaultAckTemplate } from "@/lib/triage/ack-template";
import { BOSS_SCHEMA } from "@/lib/queue";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { makeImapAccount, makeUser } from "../support/factories";
import { buildMessage, makePdf, type MessageOptions } from "../support/mime";
import { startSmtpServer, type TestSmtp } from "../support/smtp";
import { startTestWorker } from "../support/worker";
import { waitFor } from "../support/wait";

const key = generateKey();
let tdb: TestDatabase;
let dataDir: string;
let boss: PgBoss;
let smtp: TestSmtp;
let worker: Awaited<ReturnType<typeof startTestWorker>>;

before(async () => {
  tdb = await createTestDatabase();
  dataDir = await mkdtemp(path.join(os.tmpdir(), "mailroom-auto-ack-"));
  boss = new PgBoss({ connectionString: tdb.url, schema: BOSS_SCHEMA, supervise: false, schedule: false });
  boss.on("error", () => {});
  await boss.start();
  smtp = await startSmtpServer();
  worker = await startTestWorker({ databaseUrl: tdb.url, dataDir, encryptionKey: key, concurrency: 3 });
});

after(async () => {
  await worker?.stop();
  await boss?.stop({ graceful: false, close: true });
  await smtp?.close();
  await tdb?.drop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

let uid = 0;
/** A company whose every email is triaged "acknowledge", sending through the test server, with one account. */
async function setup(opts: { enabled?: boolean; maxPerHour?: number } = {}) {
  const { companyId } = await makeUser(tdb.db);
  await tdb.db.insert(companySmtp).values({ companyId, host: smtp.host, port: smtp.port, security: "none", fromAddress: "mailroom@company.test" });
  await createTriageRule(tdb.db, companyId, createTriageRuleSchema.parse({ name: "Everything", conditions: {}, outcome: "acknowledge" }));
  const account = await makeImapAccount(tdb.db, parseKeyring(key), companyId, { email: `inbox-${++uid}@company.test`, host: "127.0.0.1", port: 143, password: "pw" });
  await tdb.db.update(mailAccounts).set({ autoAcknowledge: opts.enabled ?? true }).where(eq(mailAccounts.id, account.id));
  if (opts.maxPerHour) await tdb.db.insert(companyAutoReply).values({ companyId, ...defaultAckTemplate("en"), maxPerHour: opts.maxPerHour });
  return { companyId, account };
}

async function receive(target: { companyId: string; account: { id: string } }, messages: MessageOptions[]): Promise<string[]> {
  const first = uid + 1;
  await storeMessages(
    { db: tdb.db, boss, storage: createStorage({ dataDir }) },
    { companyId: target.companyId, accountId: target.account.id, folder: "INBOX", uidValidity: 1 },
    messages.map((m) => ({ uid: ++uid, raw: Buffer.from(buildMessage(m)) })),
    { maxAttachmentBytes: 25 * 1024 * 1024, filters: {} },
  );
  const rows = await tdb.sql`select id, uid from emails where account_id = ${target.account.id} and uid >= ${first} order by uid`;
  return rows.map((r) => r.id as string);
}

/** Each email's acknowledgement decision, once made: "sent" or the reason it was skipped. */
async function decisions(ids: string[]): Promise<string[]> {
  return waitFor(`${ids.length} acknowledgement decisions`, async () => {
    const rows = await tdb.db.select().from(emailReplies).where(inArray(emailReplies.emailId, ids));
    if (rows.length < ids.length) return undefined;
    return ids.map((id) => {
      const r = rows.find((x) => x.emailId === id)!;
      return r.status === "sent" ? "sent" : r.reason!;
    });
  }, { timeoutMs: 60_000, intervalMs: 100 });
}

test("the acknowledgement arrives over SMTP with the template's content and the auto-reply and threading headers", async () => {
  const t = await setup();
  const before = smtp.received.length;
  const [id] = await receive(t, [
    {
      from: "Dana Cohen <dana@customer.test>",
      subject: "Invoice <March> & more",
      messageId: "<orig-1@customer.test>",
      headers: { References: "<root@customer.test>" },
      text: "Attached.",
      attachments: [{ filename: "invoice.pdf", contentType: "application/pdf", content: makePdf("Invoice 17\nTotal 100.00") }],
    },
  ]);
  assert.deepEqual(await decisions([id]), ["sent"]);
  const [mail] = (await smtp.waitFor(before + 1)).slice(before);
  assert.deepEqual(mail.to, ["dana@customer.test"]);
  assert.equal(mail.from, "mailroom@company.test");
  assert.equal(mail.parsed.subject, "Re: Invoice <March> & more");
  assert.equal(mail.parsed.inReplyTo, "<orig-1@customer.test>");
  assert.deepEqual(mail.parsed.references, ["<root@customer.test>", "<orig-1@customer.test>"]);
  assert.equal(mail.parsed.headers.get("auto-submitted"), "auto-replied");
  assert.equal(mail.parsed.headers.get("x-auto-response-suppress"), "All");
  assert.equal(mail.parsed.headers.get("precedence"), "bulk");
  const reference = `MR-${id.replace(/-/g, "").slice(0, 8).toUpperCase()}`;
  assert.match(mail.parsed.text ?? "", new RegExp(`Hello Dana Cohen,[\\s\\S]*"Invoice <March> & more" with 1 document\\(s\\)\\. Your reference number is ${reference}\\.`));
  assert.match(String(mail.parsed.html), /&ldquo;Invoice &lt;March&gt; &amp; more&rdquo;/, "values are escaped in the HTML part");

  const [reply] = await tdb.db.select().from(emailReplies).where(eq(emailReplies.emailId, id));
  const sent = await waitFor("the sent email to be recorded as sent", async () => {
    const [row] = await tdb.db.select().from(sentEmails).where(eq(sentEmails.id, reply.sentEmailId!));
    return row.status === "sent" ? row : undefined;
  });
  assert.deepEqual([sent.kind, sent.emailId, sent.toAddress], ["auto_ack", id, "dana@customer.test"]);
  const [email] = await tdb.sql`select acknowledgement_status from emails where id = ${id}`;
  assert.equal(email.acknowledgement_status, "sent");
});

test("automatic, bulk, list, junk, mailing-list, no-reply, mailer-daemon, postmaster and own mail gets no reply, each with its reason", async () => {
  const t = await setup();
  const cases: [MessageOptions, string][] = [
    [{ from: "shop@a.test", headers: { "Auto-Submitted": "auto-generated" } }, "auto_submitted"],
    [{ from: "away@a.test", headers: { "Auto-Submitted": "auto-replied" } }, "auto_submitted"],
    [{ from: "news@b.test", headers: { Precedence: "bulk" } }, "bulk"],
    [{ from: "list@b.test", headers: { Precedence: "list" } }, "bulk"],
    [{ from: "spam@b.test", headers: { Precedence: "junk" } }, "bulk"],
    [{ from: "members@c.test", headers: { "List-Id": "Members <members.c.test>" } }, "mailing_list"],
    [{ from: "promo@c.test", headers: { "List-Unsubscribe": "<mailto:unsubscribe@c.test>" } }, "mailing_list"],
    [{ from: "No Reply <no-reply@d.test>" }, "no_reply_sender"],
    [{ from: "noreply@d.test" }, "no_reply_sender"],
    [{ from: "Mail Delivery Subsystem <MAILER-DAEMON@mx.d.test>" }, "no_reply_sender"],
    [{ from: "postmaster@d.test" }, "no_reply_sender"],
    [{ from: `Ourselves <${t.account.email}>` }, "own_address"],
  ];
  const ids = await receive(t, cases.map(([m]) => ({ subject: "hello", ...m })));
  assert.deepEqual(await decisions(ids), cases.map(([, reason]) => reason));
  assert.equal((await tdb.db.select().from(sentEmails).where(inArray(sentEmails.emailId, ids))).length, 0, "nothing was queued for them");
  const statuses = await tdb.sql`select distinct acknowledgement_status from emails where id in ${tdb.sql(ids)}`;
  assert.deepEqual(statuses.map((s) => s.acknowledgement_status), ["skipped"]);
});

test("a sender gets one acknowledgement within the window, and a thread gets one; an account that did not opt in gets none", async () => {
  const t = await setup();
  const [first] = await receive(t, [{ from: "sam@e.test", subject: "Receipt", messageId: "<t1@e.test>" }]);
  assert.deepEqual(await decisions([first]), ["sent"]);
  const [again, inThread, other] = await receive(t, [
    { from: "Sam <SAM@e.test>", subject: "Another receipt" },
    { from: "colleague@e.test", subject: "Re: Receipt", headers: { "In-Reply-To": "<t1@e.test>", References: "<t1@e.test>" } },
    { from: "lee@e.test", subject: "Unrelated" },
  ]);
  assert.deepEqual(await decisions([again, inThread, other]), ["sender_window", "same_thread", "sent"]);
  assert.equal((await tdb.db.select().from(sentEmails).where(inArray(sentEmails.emailId, [first, again, inThread, other]))).length, 2);

  const off = await setup({ enabled: false });
  assert.deepEqual(await decisions(await receive(off, [{ from: "kim@f.test" }])), ["not_enabled"]);
});

test("an account sends at most N acknowledgements an hour; the rest are recorded as rate-limited", async () => {
  const t = await setup({ maxPerHour: 2 });
  const ids = await receive(t, ["a", "b", "c", "d"].map((n) => ({ from: `${n}@g.test`, subject: `from ${n}` })));
  const made = await decisions(ids);
  assert.deepEqual([...made].sort(), ["rate_limit", "rate_limit", "sent", "sent"]);
  assert.equal((await tdb.db.select().from(sentEmails).where(inArray(sentEmails.emailId, ids))).length, 2);
});

test("a person's reply goes out in the email's thread, and the email shows it beside the acknowledgement decision", async () => {
  const t = await setup();
  const [caller] = await tdb.sql`select id, email from users where company_id = ${t.companyId}`;
  const before = smtp.received.length;
  const [id] = await receive(t, [{ from: "Ruth <ruth@h.test>", subject: "Question", messageId: "<q1@h.test>", headers: { "Reply-To": "office@h.test" } }]);
  assert.deepEqual(await decisions([id]), ["sent"]);
  await smtp.waitFor(before + 1);
  const shown = await replyToEmail(tdb.db, boss, { companyId: t.companyId, userId: caller.id, email: caller.email, role: "member" } as never, id, replyInputSchema.parse({ text: "  We will call you tomorrow.  " }));
  assert.deepEqual(shown.replies.map((r) => [r.kind, r.status, r.to, r.by]), [["auto_ack", "sent", "office@h.test", null], ["reply", "sent", "office@h.test", caller.email]]);
  // Found by what it is, not by count: another test's mail may still be arriving.
  const mail = await waitFor("the person's reply over SMTP", async () => smtp.received.slice(before).find((m) => m.parsed.subject === "Re: Question" && !m.parsed.headers.get("auto-submitted")));
  assert.deepEqual(mail.to, ["office@h.test"]);
  assert.equal(mail.parsed.inReplyTo, "<q1@h.test>");
  assert.equal(mail.parsed.text?.trim(), "We will call you tomorrow.");
  const delivered = await waitFor("both replies to be delivered", async () => {
    const e = await getReviewEmail(tdb.db, t.companyId, id);
    return e.replies.every((r) => r.delivery === "sent") ? e : undefined;
  });
  assert.equal(delivered.acknowledgement_status, "sent");
});
