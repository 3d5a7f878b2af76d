import { test } from "node:test";
import assert from "node:assert/strict";
import { extractWithRules } from "@/lib/extract/rules";

const fields = (text: string) => extractWithRules({ text }).fields;

test("till receipts are receipts in any of the languages: by their title or by how they were paid", () => {
  const bodies = [
    "Panadería Sol\nTicket nº 77\n01/02/2025 10:02\nPan 1,20\nTOTAL 1,20 €\nEFECTIVO 5,00\nCAMBIO 3,80",
    "Bäckerei Korn\nBon-Nr 1182\n01.02.2025\nBrezel 0,90\nSUMME 0,90 €\nEC-Karte 0,90",
    "Sklep Ala\n01.02.2025\nChleb 4,50\nRAZEM 4,50 zł\nGotówka 10,00\nReszta 5,50",
    "Bar Centrale\n01/02/2025\nCaffè 1,20\nTOTALE 1,20 €\nContanti 2,00\nResto 0,80",
  ];
  for (const text of bodies) assert.equal(fields(text).document_type?.value, "receipt", text.split("\n")[0]);
});

test("a totals row across columns gives the total, not the tax column before it", () => {
  const f = fields("Tax Invoice\nInvoice Number : A-1001\nSl. Description Net Amount Tax Amount Total Amount\n1 Cable ₹253.39 ₹45.61 ₹299.00\nTOTAL: ₹45.61 ₹299.00");
  assert.equal(f.total?.value, 299);
});

test("a tax word inside the total's label is not the tax ('Total Sales (Inclusive GST)')", () => {
  const f = fields("Doc No : CS001\nDate: 14/03/2019\nTotal Sales (Inclusive GST) : 26.08\nROUNDED TOTAL (RM): 26.05\nCASH 50.00\nCHANGE 23.95");
  assert.equal(f.total?.value, 26.05);
  assert.notEqual(f.tax?.value, 26.08);
  // "incl. VAT" alone on its line still labels the tax.
  assert.equal(fields("TOTAL €14.50\nincl. VAT 13.5% €1.72").tax?.value, 1.72);
});

test("a header row whose number label OCR lost: the one identifier before the row's dates is the number", () => {
  const text = ["Gráficas Sol S.L.", "", "NO FACTL   FECHA DE EMISION   FECHA DE VENCIMIENTO", "FV25-00077   3 de marzo de 2025   2 de abril de 2025", "Total 100,00 €"].join("\n");
  assert.equal(fields(text).number?.value, "FV25-00077");
  // Two identifiers before the dates: no guess.
  assert.equal(fields(["NO FACTL   PEDIDO   FECHA", "FV25-00077   PO-114   3 de marzo de 2025"].join("\n")).number, undefined);
});

test("a till date whose zeros OCR read as 6, 8 or 9 is put back when only one way makes it a date", () => {
  assert.equal(fields("Ticket 77\n82/03/2024 08:55\nTOTAL 1,20 €").issue_date?.value, "2024-03-02");
  assert.equal(fields("Scontrino 77\n13/04/2624 16:05\nTOTALE 1,20 €").issue_date?.value, "2024-04-13");
  assert.equal(fields("Talão 77\n69/65/2024 08:02\nTOTAL 1,20 €").issue_date?.value, "2024-05-09");
  // Repaired dates are less sure than dates read as written.
  assert.ok((fields("Ticket 77\n82/03/2024\nTOTAL 1,20 €").issue_date?.confidence ?? 1) < 0.9);
  // No way to make a date of it by zeros alone: left unread.
  assert.equal(fields("Ticket 77\n38/13/2024\nTOTAL 1,20 €").issue_date, undefined);
});

test("on a Latin page, scraps of Hebrew that a Hebrew-reading OCR made of symbols are dropped; a Hebrew line of its own stays", () => {
  const f = fields("הש ו מ מ המת שש\nPanadería Sol S.L.\nCalle Mayor 1, 28001 Madrid\nTicket פת T-00981\n02/03/2024 08:55\nTOTAL 1,20 €");
  assert.equal(f.number?.value, "T-00981");
  assert.equal(f.vendor?.value, "Panadería Sol S.L.");
  const mixed = extractWithRules({ text: "Harbor Lane Dental Ltd\nמרפאת שיניים נתיב הנמל\nInvoice No: 77\nTotal $10.00" }).fields;
  assert.equal(mixed.number?.value, "77");
});
