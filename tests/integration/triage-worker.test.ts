import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { readFile, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { PgBoss } from "pg-boss";
import { generateKey, parseKeyring } from "@/lib/crypto/secrets";
import { createStorage } from "@/lib/storage/storage";
import { storeMessages } from "@/lib/mail/store-messages";
import { createTriageRule } from "@/lib/triage/rules";
import { createTriageRuleSchema } from "@/lib/triage/schemas";
import { BOSS_SCHEMA } from "@/lib/queue";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { makeImapAccount, makeUser } from "../support/factories";
import { buildMessage, type MessageOptions } from "../support/mime";
import { startTestWorker } from "../support/worker";
import { waitFor } from "../support/wait";

const FIXTURES = path.resolve(__dirname, "../fixtures/invoices");
const key = generateKey();
let tdb: TestDatabase;
let dataDir: string;
let boss: PgBoss;
let worker: Awaited<ReturnType<typeof startTestWorker>>;

before(async () => {
  tdb = await createTestDatabase();
  dataDir = await mkdtemp(path.join(os.tmpdir(), "mailroom-triage-worker-"));
  boss = new PgBoss({ connectionString: tdb.url, schema: BOSS_SCHEMA, supervise: false, schedule: false });
  boss.on("error", () => {});
  await boss.start();
  worker = await startTestWorker({ databaseUrl: tdb.url, dataDir, encryptionKey: key, concurrency: 2 });
});

after(async () => {
  await worker?.stop();
  await boss?.stop({ graceful: false, close: true });
  await tdb?.drop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

let uid = 0;
async function receive(companyId: string, messages: MessageOptions[]) {
  const account = await makeImapAccount(tdb.db, parseKeyring(key), companyId, { email: `in-${uid}@x.test`, host: "127.0.0.1", port: 143, password: "pw" });
  await storeMessages({ db: tdb.db, boss, storage: createStorage({ dataDir }) }, { companyId, accountId: account.id, folder: "INBOX", uidValidity: 1 }, messages.map((m) => ({ uid: ++uid, raw: Buffer.from(buildMessage(m)) })), { maxAttachmentBytes: 25 * 1024 * 1024, filters: {} });
  return (await tdb.sql`select id, subject from emails where account_id = ${account.id} order by uid`).map((r) => r.id as string);
}

const triaged = (id: string) =>
  waitFor(`email ${id} to be triaged`, async () => {
    const [e] = await tdb.sql`select triage_outcome, triage_rule_id, triage_reason, review_status, acknowledgement_status, triaged_at from emails where id = ${id}`;
    return e.triaged_at ? e : undefined;
  }, { timeoutMs: 120_000, intervalMs: 200 });

test("the worker triages each stored email; a document-type rule decides once the invoice and the receipt are extracted", async () => {
  const { companyId } = await makeUser(tdb.db);
  const rule = (input: unknown) => createTriageRule(tdb.db, companyId, createTriageRuleSchema.parse(input));
  const receipts = await rule({ name: "Receipts", conditions: { document_type: "receipt" }, outcome: "acknowledge" });
  const invoices = await rule({ name: "Invoices", conditions: { document_type: "invoice", has_attachment: true }, outcome: "none" });
  const pdf = (name: string) => readFile(path.join(FIXTURES, name));
  const [invoice, receipt, question] = await receive(companyId, [
    { from: "billing@acme.test", subject: "Your documents", attachments: [{ filename: "invoice.pdf", contentType: "application/pdf", content: await pdf("en-acme-classic.pdf") }] },
    { from: "shop@ahseng.test", subject: "Receipt", attachments: [{ filename: "receipt.pdf", contentType: "application/pdf", content: await pdf("en-ahseng-receipt.pdf") }] },
    { from: "dana@customer.test", subject: "A question", text: "Could you call me?" },
  ]);

  const q = await triaged(question);
  assert.deepEqual([q.triage_outcome, q.review_status, q.triage_rule_id], ["review", "waiting", null]);
  const i = await triaged(invoice);
  assert.deepEqual([i.triage_outcome, i.triage_rule_id, i.review_status], ["none", invoices.id, null]);
  assert.equal(i.triage_reason, "matched rule Invoices: has an attachment, has a document of type 'invoice'");
  const r = await triaged(receipt);
  assert.deepEqual([r.triage_outcome, r.triage_rule_id, r.acknowledgement_status], ["acknowledge", receipts.id, "skipped"]);
  // However many times email.triage ran for it (at storing, and when its document ended), none failed.
  const failed = await tdb.sql.unsafe(`select count(*)::int as n from ${BOSS_SCHEMA}.job where name = 'email.triage' and state = 'failed'`);
  assert.equal(failed[0].n, 0);
  const [doc] = await tdb.sql`select status from documents where email_id = ${invoice}`;
  assert.equal(doc.status, "completed");
});
