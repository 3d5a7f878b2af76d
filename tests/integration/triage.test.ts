import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { generateKey, parseKeyring } from "@/lib/crypto/secrets";
import { storeMessages } from "@/lib/mail/store-messages";
import { logger } from "@/lib/logger";
import { BOSS_SCHEMA, type JobContext } from "@/lib/queue";
import { emailTriage } from "@/jobs/email-triage";
import { JOBS } from "@/jobs";
import { emailsWaitingOn, enqueueTriageAfterDocument, type TriageResult } from "@/lib/triage/triage-email";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { makeImapAccount, makeUser } from "../support/factories";
import { buildMessage, makePdf, type MessageOptions } from "../support/mime";
import { call, useWebEnv } from "../support/web";

let tdb: TestDatabase;
let dataDir: string;
const key = generateKey();
let routes: {
  rules: typeof import("@/app/api/triage/rules/route");
  rule: typeof import("@/app/api/triage/rules/[id]/route");
  dryRun: typeof import("@/app/api/triage/dry-run/route");
  emails: typeof import("@/app/api/triage/emails/route");
  email: typeof import("@/app/api/triage/emails/[id]/route");
};
let services: typeof import("@/lib/web/services").services;

before(async () => {
  tdb = await createTestDatabase();
  dataDir = await mkdtemp(path.join(os.tmpdir(), "mailroom-triage-"));
  useWebEnv(tdb.url, { ENCRYPTION_KEY: key, AUTH_SECRET: "test-secret-test-secret", DATA_DIR: dataDir });
  routes = {
    rules: await import("@/app/api/triage/rules/route"),
    rule: await import("@/app/api/triage/rules/[id]/route"),
    dryRun: await import("@/app/api/triage/dry-run/route"),
    emails: await import("@/app/api/triage/emails/route"),
    email: await import("@/app/api/triage/emails/[id]/route"),
  };
  services = (await import("@/lib/web/services")).services;
});

after(async () => {
  await (await services().boss()).stop({ graceful: false, close: true });
  await tdb.drop();
  await rm(dataDir, { recursive: true, force: true });
});

const post = (handler: Parameters<typeof call>[0], token: string, body: unknown, params?: Record<string, string>) => call(handler, { method: "POST", token, body, params });
const patch = (handler: Parameters<typeof call>[0], token: string, params: Record<string, string>, body: unknown) => call(handler, { method: "PATCH", token, params, body });
const del = (handler: Parameters<typeof call>[0], token: string, params: Record<string, string>) => call(handler, { method: "DELETE", token, params });
const listRules = async (token: string) => (await call(routes.rules.GET, { token })).json.items as { id: string; name: string; position: number }[];

let uid = 1;
/** Stores messages the way a fetch does; returns the new emails' ids in order. */
async function receive(companyId: string, messages: MessageOptions[]): Promise<string[]> {
  const { db, storage, boss } = services();
  const account = await makeImapAccount(db, parseKeyring(key), companyId, { email: `in-${uid}@x.test`, host: "127.0.0.1", port: 143, password: "pw" });
  const first = uid;
  await storeMessages(
    { db, storage, boss: await boss() },
    { companyId, accountId: account.id, folder: "INBOX", uidValidity: 1 },
    messages.map((m) => ({ uid: uid++, raw: Buffer.from(buildMessage(m)) })),
    { maxAttachmentBytes: 1e7, filters: {} },
  );
  const rows = await tdb.sql`select id from emails where account_id = ${account.id} order by uid`;
  assert.equal(rows.length, uid - first);
  return rows.map((r) => r.id as string);
}

const ctx = () => ({ db: tdb.db, log: logger }) as unknown as JobContext;
const runTriage = (emailId: string, companyId: string) => emailTriage.handler(emailTriage.schema.parse({ email_id: emailId, company_id: companyId }), ctx()) as Promise<TriageResult>;
const emailRow = async (id: string) => (await tdb.sql`select triage_outcome, triage_rule_id, triage_reason, triaged_at, review_status, acknowledgement_status from emails where id = ${id}`)[0];
const triageJobsFor = async (emailId: string) => (await tdb.sql`select id from ${tdb.sql(BOSS_SCHEMA)}.job where name = 'email.triage' and data->>'email_id' = ${emailId}`).length;

describe("triage rules API", () => {
  test("rules are created, listed in order, changed, moved and deleted; another company's ids answer 404", async () => {
    const a = await makeUser(tdb.db);
    const b = await makeUser(tdb.db);
    const invoices = await post(routes.rules.POST, a.token, { name: "Invoices", conditions: { subject: "invoice, חשבונית", from: "@Acme.com" }, outcome: "acknowledge" });
    assert.equal(invoices.status, 201, invoices.text);
    assert.deepEqual(invoices.json.conditions, { subject: ["invoice", "חשבונית"], from: ["@acme.com"] });
    assert.equal(invoices.json.position, 0);
    const everything = await post(routes.rules.POST, a.token, { name: "Everything else", outcome: "none" });
    assert.equal(everything.status, 201);
    assert.deepEqual(everything.json.conditions, {});
    const first = await post(routes.rules.POST, a.token, { name: "Newsletters", position: 0, conditions: { body: ["unsubscribe"], has_attachment: false }, outcome: "none" });
    assert.deepEqual((await listRules(a.token)).map((r) => [r.name, r.position]), [["Newsletters", 0], ["Invoices", 1], ["Everything else", 2]]);

    const moved = await patch(routes.rule.PATCH, a.token, { id: first.json.id }, { position: 5, name: "Bulk mail" });
    assert.equal(moved.status, 200, moved.text);
    assert.deepEqual((await listRules(a.token)).map((r) => [r.name, r.position]), [["Invoices", 0], ["Everything else", 1], ["Bulk mail", 2]]);
    const changed = await patch(routes.rule.PATCH, a.token, { id: invoices.json.id }, { conditions: { document_type: "invoice" }, outcome: "review" });
    assert.deepEqual([changed.json.conditions, changed.json.outcome], [{ document_type: "invoice" }, "review"]);

    // Company isolation: b sees none of a's rules and cannot read, change or delete them.
    assert.deepEqual(await listRules(b.token), []);
    assert.equal((await call(routes.rule.GET, { token: b.token, params: { id: invoices.json.id } })).status, 404);
    assert.equal((await patch(routes.rule.PATCH, b.token, { id: invoices.json.id }, { name: "Mine" })).status, 404);
    assert.equal((await del(routes.rule.DELETE, b.token, { id: invoices.json.id })).status, 404);
    assert.equal((await call(routes.rule.GET, { token: a.token, params: { id: "not-a-uuid" } })).status, 404);

    assert.equal((await del(routes.rule.DELETE, a.token, { id: everything.json.id })).status, 200);
    assert.deepEqual((await listRules(a.token)).map((r) => [r.name, r.position]), [["Invoices", 0], ["Bulk mail", 1]]);
  });

  test("bad rules answer 422 with the field at fault, and members may read but not change rules", async () => {
    const admin = await makeUser(tdb.db);
    const bad = async (body: unknown) => {
      const res = await post(routes.rules.POST, admin.token, body);
      assert.equal(res.status, 422, `${JSON.stringify(body)} → ${res.text}`);
      return res.json.error;
    };
    await bad({ name: "", outcome: "review" });
    await bad({ name: "x", outcome: "delete" });
    await bad({ name: "x", outcome: "review", conditions: { from: "not an address" } });
    await bad({ name: "x", outcome: "review", conditions: { document_type: "contract" } });
    await bad({ name: "x", outcome: "review", conditions: { colour: "red" } });
    await bad({ name: "x", outcome: "review", conditions: { subject: ["!!!"] } });
    assert.deepEqual(await listRules(admin.token), [], "nothing was stored");

    const { db } = services();
    const { createUser } = await import("@/lib/auth/users");
    const { createApiToken } = await import("@/lib/auth/tokens");
    const member = await createUser(db, { companyId: admin.companyId }, { email: `m-${uid++}@example.test`, password: "correct horse battery", role: "member" });
    const { token } = await createApiToken(db, { userId: member.id, companyId: admin.companyId }, "test");
    assert.equal((await post(routes.rules.POST, token, { name: "x", outcome: "none" })).status, 403);
    assert.equal((await call(routes.rules.GET, { token })).status, 200);
  });

  test("the dry run says which rule matches a pasted or stored email, and why", async () => {
    const a = await makeUser(tdb.db);
    await post(routes.rules.POST, a.token, { name: "Receipts", conditions: { document_type: "receipt" }, outcome: "acknowledge" });
    await post(routes.rules.POST, a.token, { name: "Acme invoices", conditions: { from: "acme.com", subject: ["invoice"] }, outcome: "acknowledge" });
    const pasted = await post(routes.dryRun.POST, a.token, { from: "Billing <billing@mail.acme.com>", subject: "Your INVOICE for May", body: "hello" });
    assert.equal(pasted.status, 200, pasted.text);
    assert.equal(pasted.json.outcome, "acknowledge");
    assert.equal(pasted.json.rule.name, "Acme invoices");
    assert.deepEqual(pasted.json.reasons, [{ condition: "from", value: "acme.com" }, { condition: "subject", value: "invoice" }]);
    assert.deepEqual(pasted.json.skipped.map((s: { name: string; failed: string }) => [s.name, s.failed]), [["Receipts", "document_type"]]);
    assert.equal(pasted.json.reason, "matched rule Acme invoices: sender matches 'acme.com', subject contains 'invoice'");

    const [stored] = await receive(a.companyId, [{ from: "someone@else.test", subject: "Hello" }]);
    const byId = await post(routes.dryRun.POST, a.token, { email_id: stored });
    assert.deepEqual([byId.json.outcome, byId.json.rule, byId.json.reason], ["review", null, "no rule matched: review by default"]);
    const other = await makeUser(tdb.db);
    assert.equal((await post(routes.dryRun.POST, other.token, { email_id: stored })).status, 404, "another company's email is not found");
    assert.equal((await post(routes.dryRun.POST, a.token, { email_id: stored, subject: "x" })).status, 422);
    assert.equal((await emailRow(stored)).triaged_at, null, "a dry run records nothing");
  });
});

describe("email.triage", () => {
  test("a stored email gets its triage job in the same transaction, and with no rule waits for review", async () => {
    const { companyId } = await makeUser(tdb.db);
    const [id] = await receive(companyId, [{ from: "a@b.test", subject: "Question", text: "Can you call me?" }]);
    assert.equal(await triageJobsFor(id), 1);
    assert.equal(JOBS.some((j) => j.name === "email.triage"), true, "the worker runs it");
    const result = await runTriage(id, companyId);
    assert.equal(result.status, "triaged");
    const row = await emailRow(id);
    assert.deepEqual([row.triage_outcome, row.review_status, row.triage_rule_id, row.triage_reason], ["review", "waiting", null, "no triage rules: review by default"]);
    assert.ok(row.triaged_at);
  });

  test("running twice records once, even after the rules change", async () => {
    const u = await makeUser(tdb.db);
    const rule = await post(routes.rules.POST, u.token, { name: "Thanks", conditions: { body: ["thank you"] }, outcome: "acknowledge" });
    const [id] = await receive(u.companyId, [{ from: "a@b.test", subject: "Re: order", text: "Thank you for the order!" }]);
    assert.deepEqual(await runTriage(id, u.companyId), { status: "triaged", outcome: "acknowledge", rule_id: rule.json.id, reason: "matched rule Thanks: body contains 'thank you'" });
    const first = await emailRow(id);
    assert.deepEqual([first.triage_outcome, first.review_status, first.acknowledgement_status], ["acknowledge", null, "skipped"]);
    await patch(routes.rule.PATCH, u.token, { id: rule.json.id }, { outcome: "none" });
    assert.deepEqual(await runTriage(id, u.companyId), { status: "skipped", reason: "already_triaged" });
    assert.deepEqual(await emailRow(id), first);
    // A deleted rule leaves the decision and its reason; the email no longer points at it.
    await del(routes.rule.DELETE, u.token, { id: rule.json.id });
    const after = await emailRow(id);
    assert.deepEqual([after.triage_outcome, after.triage_rule_id, after.triage_reason], ["acknowledge", null, first.triage_reason]);
  });

  test("a rule on document type waits for the email's documents; the finished document sends the job again", async () => {
    const u = await makeUser(tdb.db);
    await post(routes.rules.POST, u.token, { name: "Invoices", conditions: { document_type: "invoice" }, outcome: "none" });
    const [id] = await receive(u.companyId, [{ from: "billing@vendor.test", subject: "Your document", attachments: [{ filename: "inv.pdf", contentType: "application/pdf", content: makePdf("Invoice 12 Total 10.00") }] }]);
    assert.deepEqual(await runTriage(id, u.companyId), { status: "waiting", pending_documents: 1 });
    assert.equal((await emailRow(id)).triaged_at, null);

    const [doc] = await tdb.sql`select id from documents where email_id = ${id}`;
    await tdb.sql`update documents set status = 'completed', fields = ${JSON.stringify({ document_type: { value: "invoice", confidence: 0.9, source: "rules" } })}::jsonb where id = ${doc.id}`;
    const before = await triageJobsFor(id);
    assert.equal(await enqueueTriageAfterDocument({ db: tdb.db, boss: await services().boss() }, { documentId: doc.id, companyId: u.companyId }), 1);
    assert.equal(await triageJobsFor(id), before + 1);
    const result = await runTriage(id, u.companyId);
    assert.equal(result.status === "triaged" && result.outcome, "none");
    assert.equal(await enqueueTriageAfterDocument({ db: tdb.db, boss: await services().boss() }, { documentId: doc.id, companyId: u.companyId }), 0, "a triaged email is not sent again");
  });

  test("a finished document finds its emails by index, not by reading every attachment", async () => {
    const u = await makeUser(tdb.db);
    const [id] = await receive(u.companyId, [{ subject: "Indexed", attachments: [{ filename: "inv.pdf", contentType: "application/pdf", content: makePdf("Invoice 13") }] }]);
    const [doc] = await tdb.sql`select id from documents where email_id = ${id}`;
    const { sql: text, params } = emailsWaitingOn(tdb.db, { documentId: doc.id, companyId: u.companyId }).toSQL();
    const plan = await tdb.sql.begin(async (tx) => {
      await tx`set local enable_seqscan = off`;
      return (await tx.unsafe(`explain ${text}`, params as never[])).map((r) => r["QUERY PLAN"]).join("\n");
    });
    assert.match(plan, /attachments_document_idx/, plan);
    assert.deepEqual(await emailsWaitingOn(tdb.db, { documentId: doc.id, companyId: u.companyId }), [{ id }]);
  });

  test("without a document-type rule, an email with documents in progress is triaged at once", async () => {
    const u = await makeUser(tdb.db);
    await post(routes.rules.POST, u.token, { name: "With files", conditions: { has_attachment: true }, outcome: "none" });
    const [id] = await receive(u.companyId, [{ from: "x@y.test", subject: "Files", attachments: [{ filename: "a.pdf", contentType: "application/pdf", content: makePdf("Anything 1") }] }]);
    const result = await runTriage(id, u.companyId);
    assert.equal(result.status === "triaged" && result.outcome, "none");
  });
});

describe("human review", () => {
  test("waiting emails are listed with their documents and count; done and reclassify take them out, scoped to the company", async () => {
    const u = await makeUser(tdb.db);
    const other = await makeUser(tdb.db);
    const [plain, withFile] = await receive(u.companyId, [
      { from: "a@b.test", subject: "Question one", text: "Body one" },
      { from: "c@d.test", subject: "Question two", attachments: [{ filename: "q.pdf", contentType: "application/pdf", content: makePdf("Question 2") }] },
    ]);
    for (const id of [plain, withFile]) await runTriage(id, u.companyId);
    const list = await call(routes.emails.GET, { token: u.token, path: "/api/triage/emails" });
    assert.equal(list.status, 200, list.text);
    assert.equal(list.json.waiting, 2);
    const byId = new Map(list.json.items.map((i: { id: string }) => [i.id, i]));
    assert.equal((byId.get(plain) as { body: string }).body.trim(), "Body one");
    assert.deepEqual((byId.get(withFile) as { documents: { filename: string }[] }).documents.map((d) => d.filename), ["q.pdf"]);
    assert.equal((await call(routes.emails.GET, { token: other.token, path: "/api/triage/emails" })).json.waiting, 0);
    assert.equal((await post(routes.email.POST, other.token, { action: "done" }, { id: plain })).status, 404);

    const done = await post(routes.email.POST, u.token, { action: "done" }, { id: plain });
    assert.equal(done.status, 200, done.text);
    assert.equal(done.json.review_status, "done");
    const ack = await post(routes.email.POST, u.token, { action: "reclassify", outcome: "acknowledge" }, { id: withFile });
    assert.deepEqual([ack.json.triage_outcome, ack.json.review_status], ["acknowledge", "done"]);
    assert.match(ack.json.triage_reason, /^reclassified by .* as acknowledge$/);
    // The mailbox has not opted in: the acknowledgement is decided at once, not sent, and says why.
    assert.equal((await emailRow(withFile)).acknowledgement_status, "skipped");
    assert.deepEqual(ack.json.replies.map((r: { kind: string; status: string; reason: string }) => [r.kind, r.status, r.reason]), [["auto_ack", "skipped", "not_enabled"]]);
    assert.equal((await call(routes.emails.GET, { token: u.token, path: "/api/triage/emails" })).json.waiting, 0);
    assert.equal((await post(routes.email.POST, u.token, { action: "reclassify", outcome: "maybe" }, { id: plain })).status, 422);
  });
});
