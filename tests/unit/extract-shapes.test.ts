// Shapes of real invoices the corpus does not carry: each case written here, one field each.
import { test } from "node:test";
import assert from "node:assert/strict";
import { extractWithRules } from "@/lib/extract/rules";

const fields = (text: string) => extractWithRules({ text, receivedAt: new Date("2024-12-01") }).fields;

test("'Invoice No. : X' on one line with the date makes an invoice, not 'other'", () => {
  const f = fields("Invoice No. : INV/2024/03/0001    Date : 05-Mar-2024\nTotal Due  EUR 99.50");
  assert.equal(f.document_type?.value, "invoice");
  assert.equal(f.number?.value, "INV/2024/03/0001");
});

test("a title in another language straight before its number, with a series code", () => {
  assert.equal(fields("Fatura-Recibo FR 2024/117\nData de emissão: 2024-03-05\nTotal a pagar: 60,50 €").number?.value, "FR 2024/117");
  assert.equal(fields("Factura FV-2024-0117\nFecha 05/03/2024\nTotal 60,50 €").number?.value, "FV-2024-0117");
  // A lone digit after a title is OCR debris, not a number.
  assert.notEqual(fields("FACTURA 3 : Imprenta Sol S.L.\nTotal 60,50 €").number?.value, "3");
});

test("'Total inc GST' is the total's label: neither the tax nor a company called 'Total Inc'", () => {
  const f = fields("TAX INVOICE\nABN 12 345 678 901\nInvoice 00004471\nDate 5/03/2024\nTotal inc GST $66.00\nGST $6.00");
  assert.equal(f.total?.value, 66);
  assert.equal(f.tax?.value, 6);
  assert.notEqual(f.vendor?.value, "Total inc");
});

test("a till receipt's tax line with a tax class and a rate gives the written amount; 'GST Reg No' labels an id, not a name", () => {
  const f = fields("WALMART\nBREAD 2.88 N\nMILK 3.48 N\nSUBTOTAL 6.36\nTAX 1 7.000 % 0.45\nTOTAL 6.81\nVISA TEND 6.81\nCHANGE DUE 0.00\n08/15/19 14:32:11");
  assert.equal(f.tax?.value, 0.45);
  assert.equal(f.total?.value, 6.81);
  assert.equal(fields("FAIRPRICE\nGST Reg No: M2-0001234-5\nReceipt No: 0123-456-789\nTOTAL $12.40").vendor?.value, "FAIRPRICE");
});

test("a dotted date with one dot read as a comma is still the date, day first; an amount is not a date", () => {
  const f = fields("Rechnung 2024-117\nDatum 02,06.2024\nFällig 02.07.2024\nGesamtbetrag 119,00 €");
  assert.equal(f.issue_date?.value, "2024-06-02");
  assert.equal(f.due_date?.value, "2024-07-02");
  assert.notEqual(fields("Invoice 77\nDate 2024-03-05\nTotal 1,25.2024").issue_date?.value, "2024-25-01");
});

test("Hebrew labels over a row of values, with the geresh of מס' read as a yod on either side", () => {
  const text = 'חשבונית מס\nימס חשבונית | מס\' לקוח | תאריך הפקה | תאריך לתשלום\n20931 | 3321 | 02.06.2024 | 02.07.2024\nסה"כ לתשלום ₪ 1,170.00';
  const f = fields(text);
  assert.equal(f.number?.value, "20931");
  assert.equal(f.issue_date?.value, "2024-06-02");
  assert.equal(fields(text.replace("ימס", "מסי")).number?.value, "20931");
});
