import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { and, eq } from "drizzle-orm";
import { parseKeyring } from "@/lib/crypto/secrets";
import { storeMessages } from "@/lib/mail/store-messages";
import { documents } from "@/lib/db/schema/documents";
import { vendorLayouts } from "@/lib/db/schema/layouts";
import { processDocument } from "@/lib/documents/pipeline";
import { extractDocument } from "@/lib/extract/extract";
import { checkExtraction } from "@/lib/extract/checks";
import type { ExtractionInput } from "@/lib/extract/types";
import { logger } from "@/lib/logger";
import { makeImapAccount, makeUser } from "../support/factories";
import { buildMessage, makePdf } from "../support/mime";
import { call, startWebTest, type WebTest } from "../support/web";
import { startTestWorker } from "../support/worker";
import { waitFor } from "../support/wait";

let web: WebTest;
let worker: Awaited<ReturnType<typeof startTestWorker>>;
let routes: { one: typeof import("@/app/api/documents/[id]/route"); company: typeof import("@/app/api/company/route") };
let uid = 0;

before(async () => {
  web = await startWebTest("learned");
  worker = await startTestWorker({ databaseUrl: web.tdb.url, dataDir: web.dataDir, encryptionKey: web.key, concurrency: 2 });
  routes = { one: await import("@/app/api/documents/[id]/route"), company: await import("@/app/api/company/route") };
});

after(async () => {
  await worker?.stop();
  await web?.stop();
});

/** A company with one mailbox; `receive` stores a mail carrying one PDF the way a fetch does and waits for the worker to finish it. */
async function company() {
  const owner = await makeUser(web.tdb.db);
  const account = await makeImapAccount(web.tdb.db, parseKeyring(web.key), owner.companyId, { email: "ap@ourco.test", host: "127.0.0.1", port: 143, password: "pw" });
  const receive = async (from: string, lines: string[], date = new Date()) => {
    const { db, storage, boss } = web.services();
    const raw = Buffer.from(buildMessage({ from, to: "ap@ourco.test", date, subject: "Invoice", attachments: [{ filename: `doc-${++uid}.pdf`, contentType: "application/pdf", content: makePdf(lines.join("\n")) }] }));
    await storeMessages({ db, storage, boss: await boss() }, { companyId: owner.companyId, accountId: account.id, folder: "INBOX", uidValidity: 1 }, [{ uid, raw }], { maxAttachmentBytes: 1e7, filters: {} });
    const [doc] = await db.select().from(documents).where(and(eq(documents.accountId, account.id), eq(documents.filename, `doc-${uid}.pdf`)));
    return waitFor(`document ${doc.id} to finish`, async () => {
      const [d] = await db.select().from(documents).where(eq(documents.id, doc.id));
      return d.status === "completed" || d.status === "error" ? d : undefined;
    }, { timeoutMs: 60_000, intervalMs: 100 });
  };
  return { ...owner, account, receive };
}

// Vendor X's layout: its number under a label the generic rules do not know, and a heading with a year they take instead.
const nordlicht = (key: string, date: string, total: string) => [
  "Nordlicht Versand GmbH",
  "Hafenstrasse 12, 20457 Hamburg",
  "VAT DE 123 456 789",
  "",
  "INVOICE 2024",
  "Customer No: 55120",
  `Document key: ${key}`,
  `Date ${date}`,
  "",
  `Amount due EUR ${total}`,
];
const NORDLICHT = "Nordlicht Billing <invoices@nordlicht.test>";

describe("learned vendor layouts", () => {
  test("a person corrects vendor X's invoice number once; X's next invoice is read right with source learned, vendor Y's and another company's are not touched", async () => {
    const a = await company();
    const first = await a.receive(NORDLICHT, nordlicht("NV-2024/0117", "14.03.2024", "1.190,00"));
    assert.equal(first.status, "completed", first.errorMessage ?? "");
    assert.notEqual(first.fields.number?.value, "NV-2024/0117", "this test needs a layout the generic rules misread");

    const corrected = await call(routes.one.PATCH, { method: "PATCH", token: a.token, params: { id: first.id }, body: { fields: { number: "NV-2024/0117" } } });
    assert.equal(corrected.status, 200, corrected.text);
    assert.equal(corrected.json.fields.number.value, "NV-2024/0117");
    const learned = await web.tdb.db.select().from(vendorLayouts).where(eq(vendorLayouts.companyId, a.companyId));
    assert.deepEqual(learned.map((l) => l.vendorKey).sort(), ["domain:nordlicht.test", "name:nordlicht versand", "reg:DE123456789"]);
    assert.ok(learned.every((l) => l.field === "number" && l.layout.label === "document key" && l.documentId === first.id));

    const next = await a.receive(NORDLICHT, nordlicht("NV-2024/0342", "02.05.2024", "2.380,50"));
    assert.equal(next.status, "completed", next.errorMessage ?? "");
    assert.deepEqual(next.fields.number, { value: "NV-2024/0342", confidence: 0.97, source: "learned" });
    assert.equal(next.fields.total?.value, 2380.5, "fields without a learned layout stay the extractor's");
    assert.equal(next.fields.total?.source, "rules");
    assert.match(next.summary ?? "", /NV-2024\/0342/);

    // The same label and shape from another vendor (another VAT number, domain and name) is not read with X's layout.
    const other = await a.receive("Suedwind AG <billing@suedwind.test>", ["Suedwind Logistik AG", "VAT DE 987 654 321", "", "INVOICE 2024", `Document key: SW-2024/0555`, "Date 03.05.2024", "", "Amount due EUR 99,00"]);
    assert.equal(other.status, "completed", other.errorMessage ?? "");
    assert.notEqual(other.fields.number?.source, "learned");

    // What company A learned is A's: company B's invoice from X is read by the rules alone.
    const b = await company();
    const elsewhere = await b.receive(NORDLICHT, nordlicht("NV-2024/0400", "05.05.2024", "10,00"));
    assert.notEqual(elsewhere.fields.number?.source, "learned");
  });

  test("a correction the text does not show teaches nothing, and a later correction replaces the layout", async () => {
    const a = await company();
    const first = await a.receive(NORDLICHT, nordlicht("NV-2024/0117", "14.03.2024", "1.190,00"));
    await call(routes.one.PATCH, { method: "PATCH", token: a.token, params: { id: first.id }, body: { fields: { number: "NOT-ON-THE-PAGE" } } });
    assert.equal((await web.tdb.db.select().from(vendorLayouts).where(eq(vendorLayouts.companyId, a.companyId))).length, 0);

    // Corrected first to the customer number, then to the right one: the second correction is what is kept.
    await call(routes.one.PATCH, { method: "PATCH", token: a.token, params: { id: first.id }, body: { fields: { number: "55120" } } });
    await call(routes.one.PATCH, { method: "PATCH", token: a.token, params: { id: first.id }, body: { fields: { number: "NV-2024/0117" } } });
    const rows = await web.tdb.db.select().from(vendorLayouts).where(eq(vendorLayouts.companyId, a.companyId));
    assert.equal(rows.length, 3);
    assert.ok(rows.every((r) => r.layout.label === "document key"));
  });
});

describe("a vendor's usual currency and type", () => {
  test("corrected once, used where the document shows nothing surer; a currency printed on the page still wins", async () => {
    const a = await company();
    // Amounts without a symbol or code, from a vendor whose address names no country.
    const plain = (key: string) => ["Kestrel Works", "Unit 4, Riverside", "Reg. no 7788123", "", `Invoice No: ${key}`, "Date 14.03.2024", "", "Total 120.00"];
    const first = await a.receive("Kestrel <ar@kestrel.test>", plain("KW-101"));
    assert.equal(first.status, "completed", first.errorMessage ?? "");
    assert.notEqual(first.fields.currency?.value, "CHF", "this test needs a currency the rules cannot see");

    const corrected = await call(routes.one.PATCH, { method: "PATCH", token: a.token, params: { id: first.id }, body: { fields: { currency: "CHF" } } });
    assert.equal(corrected.status, 200, corrected.text);
    const next = await a.receive("Kestrel <ar@kestrel.test>", plain("KW-102"));
    assert.deepEqual(next.fields.currency, { value: "CHF", confidence: 0.8, source: "learned" });

    // The same vendor billing in euros on the page: the page wins.
    const euro = await a.receive("Kestrel <ar@kestrel.test>", [...plain("KW-103").slice(0, -1), "Total EUR 120.00"]);
    assert.equal(euro.fields.currency?.value, "EUR");
    assert.notEqual(euro.fields.currency?.source, "learned");
  });
});

describe("company default currency", () => {
  test("an admin sets it, a member cannot, bad codes are refused, and a document naming no currency gets it", async () => {
    const a = await company();
    const member = await makeUser(web.tdb.db, { role: "member" });
    assert.equal((await call(routes.company.PATCH, { method: "PATCH", token: member.token, body: { default_currency: "CHF" } })).status, 403);
    const bad = await call(routes.company.PATCH, { method: "PATCH", token: a.token, body: { default_currency: "XYZ1" } });
    assert.equal(bad.status, 422, bad.text);
    const set = await call(routes.company.PATCH, { method: "PATCH", token: a.token, body: { default_currency: "CHF" } });
    assert.equal(set.status, 200, set.text);
    assert.equal(set.json.company.default_currency, "CHF");
    assert.equal((await call(routes.company.GET, { token: a.token })).json.company.default_currency, "CHF");

    const plain = await a.receive("Shop <shop@kiosk.test>", ["Kiosk am Markt", "Receipt 4471", "Date 03.05.2024", "Total 12.50"]);
    assert.equal(plain.fields.currency?.value, "CHF");
    const euros = await a.receive("Shop <shop@kiosk.test>", ["Kiosk am Markt", "Receipt 4472", "Date 04.05.2024", "Total EUR 12.50"]);
    assert.equal(euros.fields.currency?.value, "EUR", "a currency the document names wins");

    const cleared = await call(routes.company.PATCH, { method: "PATCH", token: a.token, body: { default_currency: null } });
    assert.equal(cleared.json.company.default_currency, null);
  });

  test("the pipeline hands extraction the email's date and the company's currency", async () => {
    const a = await company();
    await call(routes.company.PATCH, { method: "PATCH", token: a.token, body: { default_currency: "ILS" } });
    const sent = new Date("2024-05-03T09:30:00Z");
    const { db, storage } = web.services();
    const seen: ExtractionInput[] = [];
    const d = await a.receive("Shop <shop@kiosk.test>", ["Kiosk am Markt", "Receipt 4473", "Total 12.50"], sent);
    // The worker has read it; its extraction step runs again here (text kept) to see what extraction is given.
    // On resume a text-layer PDF is read again only to look for an embedded e-invoice: this one carries none.
    await db.update(documents).set({ status: "processing" }).where(eq(documents.id, d.id));
    const outcome = await processDocument(
      { db, storage, log: logger, readText: async () => ({ text: "", pages: [], languages: [] }), extract: (input) => (seen.push(input), extractDocument(input)), check: checkExtraction },
      { documentId: d.id, companyId: a.companyId },
      { final: true },
    );
    assert.equal(outcome.status, "completed");
    assert.equal(seen[0].defaultCurrency, "ILS");
    assert.equal(seen[0].receivedAt?.toISOString(), sent.toISOString());
  });
});
