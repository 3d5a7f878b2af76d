import { test } from "node:test";
import assert from "node:assert/strict";
import { decideAutoReply, isNoReplyAddress, threadingHeaders, threadKey, type GuardInput } from "@/lib/triage/auto-reply-guard";
import { defaultAckTemplate, renderAck } from "@/lib/triage/ack-template";
import type { ReplyHeaders } from "@/lib/triage/schemas";
import { parseMessage } from "@/lib/mail/parse";

const none = { sentToSenderInWindow: false, sentInThread: false, sentLastHour: 0 };
const input = (headers: ReplyHeaders = {}, over: Partial<GuardInput> = {}, from = "Dana Cohen <Dana@Customer.test>"): GuardInput => ({
  email: { fromAddress: from, messageId: "<m1@customer.test>", replyHeaders: headers },
  enabled: true,
  ownAddresses: ["inbox@company.test", "mailroom@company.test"],
  history: none,
  maxPerHour: 20,
  ...over,
});
const reason = (i: GuardInput) => {
  const d = decideAutoReply(i);
  return d.send ? `send:${d.to}` : d.reason;
};

test("an ordinary email from a person is answered, at its sender's address", () => {
  assert.equal(reason(input()), "send:dana@customer.test");
  assert.equal(reason(input({ auto_submitted: "no" })), "send:dana@customer.test", "Auto-Submitted: no is a person's mail");
  assert.equal(reason(input({ reply_to: "Accounts <accounts@customer.test>" })), "send:accounts@customer.test", "Reply-To wins");
});

test("the account must have auto-acknowledgement on", () => {
  assert.equal(reason(input({}, { enabled: false })), "not_enabled");
});

test("RFC 3834: automatic, bulk, list and junk mail, and bounces, are never answered", () => {
  assert.equal(reason(input({ auto_submitted: "auto-replied" })), "auto_submitted");
  assert.equal(reason(input({ auto_submitted: "auto-generated; owner-email=x@y.test" })), "auto_submitted");
  assert.equal(reason(input({ auto_submitted: "Auto-Notified" })), "auto_submitted");
  assert.equal(reason(input({ x_auto_response_suppress: "OOF, AutoReply" })), "auto_submitted");
  for (const p of ["bulk", "list", "junk", "Bulk"]) assert.equal(reason(input({ precedence: p })), "bulk", p);
  assert.equal(reason(input({ precedence: "first-class" })), "send:dana@customer.test");
  assert.equal(reason(input({ list_id: "News <news.customer.test>" })), "mailing_list");
  assert.equal(reason(input({ list_unsubscribe: "<mailto:unsub@customer.test>" })), "mailing_list");
  assert.equal(reason(input({ return_path: "<>" })), "bounce");
});

test("no-reply, mailer-daemon and postmaster addresses, in any form, are never answered", () => {
  for (const from of ["noreply@shop.test", "No-Reply <no-reply@shop.test>", "do-not-reply@shop.test", "donotreply@shop.test", "noreply+billing@shop.test", "no_reply-invoices@shop.test", "MAILER-DAEMON@mx.shop.test", "Mail Delivery System <mailer-daemon@mx.test>", "postmaster@shop.test", "news-request@lists.test", "owner-news@lists.test"])
    assert.equal(reason(input({}, {}, from)), "no_reply_sender", from);
  assert.equal(reason(input({ reply_to: "noreply@shop.test" })), "no_reply_sender", "a no-reply Reply-To too");
  assert.equal(isNoReplyAddress("noreplyable@shop.test"), false);
  assert.equal(isNoReplyAddress("replies@shop.test"), false);
});

test("mail from the account's own address or Mailroom's sending address is never answered", () => {
  assert.equal(reason(input({}, {}, "Inbox <INBOX@company.test>")), "own_address");
  assert.equal(reason(input({}, {}, "mailroom@company.test")), "own_address");
  assert.equal(reason(input({}, {}, "")), "no_sender");
});

test("one acknowledgement per thread, per sender within the window, and at most N an hour", () => {
  assert.equal(reason(input({}, { history: { ...none, sentInThread: true } })), "same_thread");
  assert.equal(reason(input({}, { history: { ...none, sentToSenderInWindow: true } })), "sender_window");
  assert.equal(reason(input({}, { history: { ...none, sentLastHour: 19 } })), "send:dana@customer.test");
  assert.equal(reason(input({}, { history: { ...none, sentLastHour: 20 } })), "rate_limit");
});

test("threading: the thread is the first reference; the answer's headers continue it", () => {
  const email = { messageId: "<c@x>", replyHeaders: { references: ["<a@x>", "<b@x>"], in_reply_to: "<b@x>" } };
  assert.equal(threadKey(email), "<a@x>");
  assert.equal(threadKey({ messageId: "<c@x>", replyHeaders: {} }), "<c@x>");
  assert.deepEqual(threadingHeaders(email), { "In-Reply-To": "<c@x>", References: "<a@x> <b@x> <c@x>" });
  assert.deepEqual(threadingHeaders({ messageId: null, replyHeaders: {} }), {});
});

test("the template escapes values in HTML, keeps the subject on one line, and has a Hebrew default", () => {
  const out = renderAck(defaultAckTemplate("en"), { sender_name: "<b>Eve</b> & co", subject: "Invoice\r\nBcc: x@y.test", document_count: 2, reference: "MR-1" });
  assert.match(out.html, /&lt;b&gt;Eve&lt;\/b&gt; &amp; co/);
  assert.doesNotMatch(out.html, /<b>Eve/);
  assert.match(out.text, /<b>Eve<\/b> & co/, "the text part is not HTML");
  assert.equal(out.subject, "Re: Invoice Bcc: x@y.test");
  assert.match(out.text, /2 document\(s\)\. Your reference number is MR-1/);
  assert.match(renderAck(defaultAckTemplate("he"), { sender_name: "דנה", subject: "חשבונית", document_count: 1, reference: "MR-2" }).text, /שלום דנה/);
});

test("storing keeps the headers replies need, unfolded, and the sender's name", async () => {
  const raw = [
    "From: Dana Cohen <dana@customer.test>",
    "To: inbox@company.test",
    "Subject: hi",
    "Message-ID: <m2@customer.test>",
    "In-Reply-To: <m1@customer.test>",
    "References: <m0@customer.test>",
    "  <m1@customer.test>",
    "Reply-To: Accounts <accounts@customer.test>",
    "Auto-Submitted: auto-generated",
    "Precedence: bulk",
    "List-Id: News",
    " <news.customer.test>",
    "List-Unsubscribe: <mailto:u@customer.test>",
    "Return-Path: <>",
    "",
    "body",
  ].join("\r\n");
  const parsed = await parseMessage(Buffer.from(raw));
  assert.deepEqual(parsed.replyHeaders, {
    auto_submitted: "auto-generated",
    precedence: "bulk",
    list_id: "News <news.customer.test>",
    list_unsubscribe: "<mailto:u@customer.test>",
    return_path: "<>",
    in_reply_to: "<m1@customer.test>",
    references: ["<m0@customer.test>", "<m1@customer.test>"],
    from_name: "Dana Cohen",
    reply_to: "accounts@customer.test",
  });
  assert.deepEqual((await parseMessage(Buffer.from("From: a@b.test\r\nSubject: x\r\n\r\nbody"))).replyHeaders, {});
});
