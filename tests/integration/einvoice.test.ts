// E-invoices end to end: mail arrives over real IMAP (Dovecot), the real worker processes it, and
// the document's fields, line items and text come from the XML, exactly; bad XML loses nothing.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { PgBoss } from "pg-boss";
import { generateKey, parseKeyring } from "@/lib/crypto/secrets";
import { createStorage } from "@/lib/storage/storage";
import { fetchAccount } from "@/lib/mail/fetch-account";
import { getAccount } from "@/lib/accounts/service";
import { attachments, emails } from "@/lib/db/schema/mail";
import { documents } from "@/lib/db/schema/documents";
import { previewPageCount } from "@/lib/documents/preview-keys";
import { BOSS_SCHEMA } from "@/lib/queue";
import { logger } from "@/lib/logger";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { startDovecot, type Dovecot } from "../support/dovecot";
import { buildMessage } from "../support/mime";
import { makeImapAccount, makeUser } from "../support/factories";
import { makeHybridPdf } from "../support/factur-x";
import { startTestWorker } from "../support/worker";
import { waitFor } from "../support/wait";

const FIXTURES = path.resolve(__dirname, "../fixtures/einvoice");
const key = generateKey();
const ring = parseKeyring(key);
let tdb: TestDatabase;
let dovecot: Dovecot;
let dataDir: string;
let boss: PgBoss;
let worker: Awaited<ReturnType<typeof startTestWorker>>;
let userSeq = 0;

before(async () => {
  [tdb, dovecot, dataDir] = await Promise.all([createTestDatabase(), startDovecot(), mkdtemp(path.join(os.tmpdir(), "mailroom-einvoice-"))]);
  boss = new PgBoss({ connectionString: tdb.url, schema: BOSS_SCHEMA, supervise: false, schedule: false });
  boss.on("error", () => {});
  await boss.start();
  worker = await startTestWorker({ databaseUrl: tdb.url, dataDir, encryptionKey: key, concurrency: 2 });
});

after(async () => {
  await worker?.stop();
  await boss?.stop({ graceful: false, close: true });
  await dovecot?.dispose();
  await tdb?.drop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

/** Sends `attachments` in one message to a fresh mailbox on Dovecot and fetches it as Mailroom does. */
async function deliver(files: { filename: string; contentType: string; content: Buffer }[]) {
  const name = `user${++userSeq}`;
  await dovecot.addUser({ name, password: "pw-" + name });
  const { companyId } = await makeUser(tdb.db);
  const account = await makeImapAccount(tdb.db, ring, companyId, { email: `${name}@example.test`, username: name, host: dovecot.host, port: dovecot.port, password: "pw-" + name });
  await dovecot.append(name, "INBOX", buildMessage({ from: "Rechnung <rechnung@mueller-soehne.example>", subject: "Ihre Rechnung", text: "Anbei Ihre Rechnung.", attachments: files }));
  const r = await fetchAccount({ db: tdb.db, boss, storage: createStorage({ dataDir }), keyring: ring, log: logger }, await getAccount(tdb.db, companyId, account.id), { batchSize: 100, maxAttachmentBytes: 25 * 1024 * 1024 });
  assert.equal(r.ok, true);
  const docs = await tdb.db.select().from(documents).where(eq(documents.accountId, account.id)).orderBy(documents.filename);
  const [email] = await tdb.db.select().from(emails).where(eq(emails.accountId, account.id));
  const atts = await tdb.db.select().from(attachments).where(eq(attachments.emailId, email.id));
  return { docs, email, attachments: atts };
}

async function finished(id: string) {
  return waitFor(`document ${id} to finish`, async () => {
    const [d] = await tdb.db.select().from(documents).where(eq(documents.id, id));
    return d.status === "completed" || d.status === "error" ? d : undefined;
  }, { timeoutMs: 120_000, intervalMs: 200 });
}

const sample = (name: string) => readFile(path.join(FIXTURES, name), "utf8");
const valuesOf = (fields: Record<string, { value: unknown; source: string; confidence: number } | undefined>) => Object.fromEntries(Object.entries(fields).map(([k, f]) => [k, f?.value]));

describe("e-invoices through mail and the pipeline", () => {
  test("a Factur-X PDF's fields and line items come from its embedded XML, source e-invoice, confidence 1", async () => {
    const xml = await sample("factur-x-en16931.xml");
    // The page says something else on purpose: what is read must be the XML, not the page.
    const pdf = makeHybridPdf("Torrefaction Dupont & Fils\nFacture\nMontant: voir annexe", [{ name: "factur-x.xml", content: xml }]);
    const { docs } = await deliver([{ filename: "FR-2024-00417.pdf", contentType: "application/pdf", content: pdf }]);
    const d = await finished(docs[0].id);
    assert.equal(d.status, "completed", d.errorMessage ?? "");
    assert.equal(d.extractor, "e-invoice");
    assert.equal(d.extractionNote, null);
    assert.equal(d.textSource, "text-layer");
    assert.match(d.text ?? "", /Montant: voir annexe/);
    assert.deepEqual(valuesOf(d.fields), { document_type: "invoice", vendor: "Torréfaction Dupont & Fils SARL", number: "FR-2024-00417", issue_date: "2024-03-05", due_date: "2024-04-04", currency: "EUR", subtotal: 357, tax: 39.21, total: 396.21 });
    assert.ok(Object.values(d.fields).every((f) => f?.source === "e-invoice" && f.confidence === 1));
    assert.deepEqual(d.lineItems, [
      { description: "Café en grains arabica 1 kg", quantity: 12, unit_price: 18.5, amount: 222 },
      { description: "Gobelets carton 25 cl", quantity: 3000, unit_price: 0.045, amount: 135 },
    ]);
    assert.equal(d.needsReview, false, JSON.stringify(d.reviewReasons));
    assert.match(d.summary ?? "", /Read from the EN 16931 CII e-invoice XML/);
  });

  test("an XRechnung XML attachment delivered over IMAP becomes an application/xml document read from its XML; other XML is skipped with a reason", async () => {
    const xml = await sample("xrechnung-ubl-invoice.xml");
    const { docs, attachments: atts } = await deliver([
      { filename: "RE-2024-1187.xml", contentType: "text/xml", content: Buffer.from(xml) },
      { filename: "lieferschein.xml", contentType: "application/xml", content: Buffer.from(`<?xml version="1.0"?><Lieferschein><Nr>7</Nr></Lieferschein>`) },
    ]);
    assert.deepEqual(docs.map((d) => [d.filename, d.contentType]), [["RE-2024-1187.xml", "application/xml"]]);
    assert.match(atts.find((a) => a.filename === "lieferschein.xml")?.reason ?? "", /XML that is not an e-invoice/);
    const d = await finished(docs[0].id);
    assert.equal(d.status, "completed", d.errorMessage ?? "");
    assert.deepEqual([d.extractor, d.textSource, d.extractionNote], ["e-invoice", "e-invoice", null]);
    assert.deepEqual(valuesOf(d.fields), { document_type: "invoice", vendor: "Müller & Söhne Bürobedarf GmbH", number: "RE-2024-1187", issue_date: "2024-06-12", due_date: "2024-07-12", currency: "EUR", subtotal: 419.9, tax: 79.78, total: 499.68 });
    assert.equal(d.lineItems.length, 5);
    assert.match(d.text ?? "", /Seller: Müller & Söhne Bürobedarf GmbH[\s\S]*Buyer: Stadtverwaltung Beispielstadt/);
    assert.equal(d.needsReview, false, JSON.stringify(d.reviewReasons));
    assert.equal(previewPageCount(d), 0, "no page picture is asked for");
  });

  test("a Peppol credit note sent as XML is read with negative amounts", async () => {
    const { docs } = await deliver([{ filename: "CN-NL-20241022.xml", contentType: "application/octet-stream", content: Buffer.from(await sample("peppol-credit-note.xml")) }]);
    const d = await finished(docs[0].id);
    assert.deepEqual([d.status, d.extractor], ["completed", "e-invoice"]);
    assert.equal(d.fields.total?.value, -203.28);
    assert.match(d.summary ?? "", /^Credit note CN-NL-20241022/);
  });

  test("malformed, XXE and billion-laughs XML in hybrid PDFs fall back to the page's text with the reason; nothing is lost", async () => {
    const xml = await sample("factur-x-en16931.xml");
    const body = xml.replace(/^<\?xml[^>]*>/, "");
    const cases = [
      { file: "malformed.pdf", xml: xml.replace("</ram:Name>", "</ram:Nom>"), note: /E-invoice XML not used: the e-invoice XML is malformed/ },
      { file: "xxe.pdf", xml: `<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>${body.replace("FR-2024-00417", "&xxe;")}`, note: /DOCTYPE or entities/ },
      { file: "lol.pdf", xml: `<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "${"ha".repeat(50)}"><!ENTITY b "${"&a;".repeat(50)}"><!ENTITY c "${"&b;".repeat(50)}">]>${body.replace("FR-2024-00417", "&c;")}`, note: /DOCTYPE or entities/ },
    ];
    const { docs } = await deliver(cases.map((c, i) => ({ filename: c.file, contentType: "application/pdf", content: makeHybridPdf(`Invoice No: INV-77${i}\nDate: 2024-03-05\nTotal: EUR 396.21`, [{ name: "factur-x.xml", content: c.xml }]) })));
    for (const c of cases) {
      const d = await finished(docs.find((x) => x.filename === c.file)!.id);
      assert.equal(d.status, "completed", d.errorMessage ?? "");
      assert.equal(d.extractor, "rules", c.file);
      assert.match(d.extractionNote ?? "", c.note, c.file);
      assert.equal(d.fields.total?.value, 396.21, c.file);
      assert.doesNotMatch(JSON.stringify(d), /root:x:0:0/);
    }
  });
});
