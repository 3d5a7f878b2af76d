// E-invoices read exactly: every field and line of hand-written Factur-X (CII), XRechnung (UBL) and
// Peppol credit note (UBL) samples, the PDF's embedded file found, and hostile XML refused with a reason.
import { after, describe, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { extractDocument } from "@/lib/extract/extract";
import { checkExtraction } from "@/lib/extract/checks";
import { sniffEInvoice } from "@/lib/extract/einvoice/detect";
import { EInvoiceError, extractEInvoice, readEInvoice } from "@/lib/extract/einvoice/index";
import { MAX_EINVOICE_BYTES } from "@/lib/extract/einvoice/xml";
import { decideAttachment } from "@/lib/mail/parse";
import { DEFAULT_TEXT_LIMITS, extractText } from "@/lib/ocr/extract-text";
import { createOcrPool } from "@/lib/ocr/pool";
import { makeHybridPdf } from "../support/factur-x";

const FIXTURES = path.resolve(__dirname, "../fixtures/einvoice");
const sample = (name: string) => readFileSync(path.join(FIXTURES, name), "utf8");
const FACTURX = sample("factur-x-en16931.xml");
const XRECHNUNG = sample("xrechnung-ubl-invoice.xml");
const PEPPOL_CN = sample("peppol-credit-note.xml");

const values = (xml: string) => Object.fromEntries(Object.entries(extractEInvoice(xml).fields).map(([k, f]) => [k, f.value]));

describe("CII (Factur-X EN 16931)", () => {
  test("every header field comes from the XML, exactly, with confidence 1 and source e-invoice", () => {
    const e = extractEInvoice(FACTURX);
    assert.deepEqual(values(FACTURX), {
      document_type: "invoice",
      vendor: "Torréfaction Dupont & Fils SARL",
      number: "FR-2024-00417",
      issue_date: "2024-03-05",
      due_date: "2024-04-04",
      currency: "EUR",
      subtotal: 357,
      tax: 39.21,
      total: 396.21,
    });
    for (const f of Object.values(e.fields)) assert.deepEqual([f.confidence, f.source], [1, "e-invoice"]);
    assert.equal(e.line_items_source, "e-invoice");
    assert.match(e.summary, /^Invoice FR-2024-00417 from Torréfaction Dupont & Fils SARL dated 2024-03-05 for €396\.21/);
  });

  test("lines: name, billed quantity, net price per unit (base quantity divided out), line total", () => {
    assert.deepEqual(extractEInvoice(FACTURX).line_items, [
      { description: "Café en grains arabica 1 kg", quantity: 12, unit_price: 18.5, amount: 222 },
      { description: "Gobelets carton 25 cl", quantity: 3000, unit_price: 0.045, amount: 135 },
    ]);
  });

  test("seller, buyer, payment details and notes are all there for search", () => {
    const inv = readEInvoice(FACTURX);
    assert.deepEqual([inv.syntax, inv.kind, inv.typeCode, inv.specification], ["CII", "invoice", "380", "urn:cen.eu:en16931:2017"]);
    assert.deepEqual(inv.seller, { name: "Torréfaction Dupont & Fils SARL", vatId: "FR32412345678", address: "14 rue de la République, 69002 Lyon, FR" });
    assert.equal(inv.buyer.name, "Café des Arts SAS");
    assert.equal(inv.iban, "FR7630006000011234567890189");
    assert.equal(inv.notes[0], "Livraison du 28/02/2024 – commande CMD-8812", "a character reference is decoded");
  });

  test("the consistency checks pass on an exact e-invoice", () => {
    assert.ok(checkExtraction(extractEInvoice(FACTURX)).every((c) => c.ok));
  });
});

describe("UBL (XRechnung 3.0 Invoice)", () => {
  test("every header field: the legal name over the trading name, TaxExclusiveAmount as subtotal, TaxInclusiveAmount as total", () => {
    assert.deepEqual(values(XRECHNUNG), {
      document_type: "invoice",
      vendor: "Müller & Söhne Bürobedarf GmbH",
      number: "RE-2024-1187",
      issue_date: "2024-06-12",
      due_date: "2024-07-12",
      currency: "EUR",
      subtotal: 419.9,
      tax: 79.78,
      total: 499.68,
    });
  });

  test("lines, with the document's allowance and charge as rows so the rows add up to the subtotal", () => {
    const e = extractEInvoice(XRECHNUNG);
    assert.deepEqual(e.line_items, [
      { description: "Kopierpapier A4 80 g", quantity: 10, unit_price: 24.9, amount: 249 },
      { description: "Kugelschreiber blau", quantity: 250, unit_price: 0.25, amount: 62.5 },
      { description: "Toner schwarz HL-L2350", quantity: 5, unit_price: 23.7, amount: 118.5 },
      { description: "Treuerabatt", quantity: null, unit_price: null, amount: -20 },
      { description: "Versandkosten", quantity: null, unit_price: null, amount: 9.9 },
    ]);
    assert.ok(checkExtraction(e).every((c) => c.ok), JSON.stringify(checkExtraction(e)));
    assert.match(e.summary, /XRechnung UBL/);
  });
});

describe("UBL (Peppol BIS 3 CreditNote)", () => {
  test("a credit note is an invoice-type document with negative amounts, due date from its payment means", () => {
    assert.deepEqual(values(PEPPOL_CN), {
      document_type: "invoice",
      vendor: "Groothandel Van Dijk B.V.",
      number: "CN-NL-20241022",
      issue_date: "2024-10-22",
      due_date: "2024-11-21",
      currency: "EUR",
      subtotal: -168,
      tax: -35.28,
      total: -203.28,
    });
    const e = extractEInvoice(PEPPOL_CN);
    assert.deepEqual(e.line_items, [
      { description: "Wijnglas Bordeaux 45 cl (doos 6)", quantity: 6, unit_price: -20, amount: -120 },
      { description: "Karaf 1 l", quantity: 4, unit_price: -12, amount: -48 },
    ]);
    assert.match(e.summary, /^Credit note CN-NL-20241022 from Groothandel Van Dijk B\.V\./);
    assert.ok(checkExtraction(e).every((c) => c.ok));
  });
});

describe("hostile or wrong XML", () => {
  const refused = (xml: string, why: RegExp) => assert.throws(() => readEInvoice(xml), (err) => err instanceof EInvoiceError && why.test(err.message));

  test("an XXE attempt is refused before parsing: the file's content never appears", () => {
    const xxe = `<?xml version="1.0"?><!DOCTYPE Invoice [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>` + XRECHNUNG.replace(/^<\?xml[^>]*>/, "").replace("RE-2024-1187", "&xxe;");
    refused(xxe, /DOCTYPE/);
  });

  test("a billion-laughs bomb is refused at once, without expanding anything", () => {
    const lol = ['<!ENTITY lol "lol">', ...Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i || ""};`.repeat(10)}">`)].join("");
    const bomb = `<?xml version="1.0"?><!DOCTYPE CrossIndustryInvoice [${lol}]>` + FACTURX.replace(/^<\?xml[^>]*>/, "").replace("FR-2024-00417", "&lol9;");
    const started = performance.now();
    refused(bomb, /DOCTYPE or entities/);
    assert.ok(performance.now() - started < 1000);
  });

  test("malformed XML, another XML vocabulary, a huge file and an invoice without a total say why", () => {
    refused(FACTURX.replace("</ram:Name>", "</ram:Nom>"), /malformed/);
    refused(`<?xml version="1.0"?><kml xmlns="http://www.opengis.net/kml/2.2"><Document/></kml>`, /not a UBL Invoice\/CreditNote or a UN\/CEFACT Cross Industry Invoice/);
    refused(`<Invoice xmlns="urn:example:not-ubl"><ID>1</ID></Invoice>`, /root element or namespace/);
    refused(XRECHNUNG.replace("</ubl:Invoice>", `<!-- ${"x".repeat(MAX_EINVOICE_BYTES)} --></ubl:Invoice>`), /over the limit of 5 MB/);
    refused(XRECHNUNG.replace(/<cac:LegalMonetaryTotal>[\s\S]*<\/cac:LegalMonetaryTotal>/, ""), /no invoice total/);
  });

  test("extraction falls back to the text with the reason as the note; nothing is lost", async () => {
    const r = await extractDocument({ text: "Invoice No. 4417\nDate: 2024-03-05\nTotal: EUR 396.21", einvoiceXml: FACTURX.replace("</ram:Name>", "</ram:Nom>") });
    assert.equal(r.extractor, "rules");
    assert.match(r.fallback_reason ?? "", /^E-invoice XML not used: the e-invoice XML is malformed/);
    assert.equal(r.fields.total?.value, 396.21);
    const good = await extractDocument({ text: "unrelated text", einvoiceXml: FACTURX });
    assert.deepEqual([good.extractor, good.fallback_reason, good.fields.total?.value], ["e-invoice", undefined, 396.21]);
  });
});

describe("detection", () => {
  test("the root element and its namespace decide, prefixed or not, after comments and a BOM", () => {
    assert.equal(sniffEInvoice(Buffer.from(FACTURX)), "cii");
    assert.equal(sniffEInvoice(Buffer.from(XRECHNUNG)), "ubl-invoice");
    assert.equal(sniffEInvoice(Buffer.from("\uFEFF<!-- from our ERP -->\n" + PEPPOL_CN.replace(/^<\?xml[^>]*>/, ""))), "ubl-credit-note");
    assert.equal(sniffEInvoice(Buffer.from(XRECHNUNG, "utf16le")), undefined, "UTF-16 without a BOM is not guessed");
    assert.equal(sniffEInvoice(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(XRECHNUNG, "utf16le")])), "ubl-invoice");
    assert.equal(sniffEInvoice(Buffer.from(`<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"/>`)), undefined);
    assert.equal(sniffEInvoice(Buffer.from(`<Invoice xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"/>`)), undefined, "the root's own namespace counts, not any declared one");
  });

  test("mail keeps an e-invoice XML attachment as application/xml and says why other XML is not a document", () => {
    const decide = (content: string, filename: string, declaredType = "application/xml") => decideAttachment({ filename, declaredType, content: Buffer.from(content), inline: false }, 0, { maxBytes: 25 * 1024 * 1024 });
    const kept = decide(FACTURX, "factur-x.xml", "text/xml");
    assert.deepEqual([kept.keep, kept.keep && kept.contentType], [true, "application/xml"]);
    const other = decide(`<?xml version="1.0"?><note><to>Tove</to></note>`, "note.xml");
    assert.equal(other.keep, false);
    assert.match(!other.keep ? other.reason : "", /XML that is not an e-invoice/);
  });
});

describe("the text stage", () => {
  const pool = createOcrPool({ size: 1, langs: ["eng"] });
  after(() => pool.terminate());
  const read = (bytes: Buffer, contentType: "application/pdf" | "application/xml") => extractText({ bytes, contentType }, { pool, limits: DEFAULT_TEXT_LIMITS });

  test("a Factur-X PDF gives its text layer and the embedded factur-x.xml", async () => {
    const pdf = makeHybridPdf("Torrefaction Dupont & Fils SARL\nFacture FR-2024-00417\nTotal TTC 396,21 EUR", [{ name: "factur-x.xml", content: FACTURX }]);
    const t = await read(pdf, "application/pdf");
    assert.match(t.text, /Facture FR-2024-00417/);
    assert.equal(t.pages[0].source, "text-layer");
    assert.equal(t.einvoiceXml, FACTURX);
  });

  test("among several embedded files, the XML whose root is an invoice is found whatever its name", async () => {
    const pdf = makeHybridPdf("Rechnung RE-2024-1187", [
      { name: "lieferschein.xml", content: `<?xml version="1.0"?><Lieferschein><Nr>7</Nr></Lieferschein>` },
      { name: "RE-2024-1187.xml", content: XRECHNUNG, compress: false },
    ]);
    assert.equal((await read(pdf, "application/pdf")).einvoiceXml, XRECHNUNG);
  });

  test("a PDF with no text layer but a readable e-invoice is not OCRed: its page text is the invoice's rendering", async () => {
    const t = await read(makeHybridPdf("", [{ name: "zugferd-invoice.xml", content: FACTURX }]), "application/pdf");
    assert.deepEqual(t.languages, []);
    assert.equal(t.pages[0].source, "e-invoice");
    assert.match(t.text, /Seller: Torréfaction Dupont & Fils SARL/);
  });

  test("an XML e-invoice file's text is its rendering, with every line, without OCR", async () => {
    const t = await read(Buffer.from(XRECHNUNG), "application/xml");
    assert.equal(t.einvoiceXml, XRECHNUNG);
    assert.deepEqual(t.pages.map((p) => p.source), ["e-invoice"]);
    for (const s of ["Seller: Müller & Söhne Bürobedarf GmbH", "Buyer: Stadtverwaltung Beispielstadt", "Number: RE-2024-1187", "3. Toner schwarz HL-L2350  5 × 23.70 EUR  = 118.50 EUR", "Total: 499.68 EUR", "IBAN: DE02120300000000202051"]) {
      assert.ok(t.text.includes(s), `${s} in\n${t.text}`);
    }
  });

  test("a malformed e-invoice file still gives its words as text, and the XML for the note", async () => {
    const broken = XRECHNUNG.replace("</cbc:ID>", "</cbc:Id>");
    const t = await read(Buffer.from(broken), "application/xml");
    assert.match(t.text, /Müller & Söhne Bürobedarf GmbH/);
    assert.equal(t.einvoiceXml, broken);
  });
});
