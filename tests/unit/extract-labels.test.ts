// Invoice numbers, dates, due dates and amounts read by their labels in the languages Mailroom reads,
// beside or above their values, as pdftotext -layout and tesseract give them.
import { test } from "node:test";
import assert from "node:assert/strict";
import { extractWithRules } from "@/lib/extract/rules";

const read = (text: string) => {
  const f = extractWithRules({ text }).fields;
  return { number: f.number?.value, issue: f.issue_date?.value, due: f.due_date?.value, total: f.total?.value, subtotal: f.subtotal?.value, tax: f.tax?.value };
};

test("Dutch: labels above values in a -layout header row, totals beside their labels", () => {
  const text = `
   Bakkerij de Gouden Korst B.V.
   Dorpsstraat 12, 3512 AB Utrecht                                   FACTUUR

   Factuurnummer          Factuurdatum          Vervaldatum
   2024-0117              14-03-2024            28-03-2024

   Omschrijving                        Aantal     Prijs       Bedrag
   Broodjes assortiment                    40      0,85        34,00
   Taarten                                  2     18,50        37,00

                                        Subtotaal                71,00
                                        BTW 9%                    6,39
                                        Totaal te betalen        77,39
`;
  assert.deepEqual(read(text), { number: "2024-0117", issue: "2024-03-14", due: "2024-03-28", total: 77.39, subtotal: 71, tax: 6.39 });
});

test("German: labels with and without a colon, a month name, Zwischensumme and MwSt", () => {
  const text = `Müller & Söhne GmbH · Hauptstraße 5 · 10115 Berlin
Rechnung
Rechnungsnummer: RE-2023/0458
Rechnungsdatum   7. November 2023
Zahlbar bis      21.11.2023
Pos  Bezeichnung            Menge   Einzelpreis   Gesamt
1    Wartung Heizungsanlage     1      250,00      250,00
Zwischensumme                                       250,00
MwSt 19%                                             47,50
Gesamtbetrag                                        297,50 EUR
USt-IdNr.: DE123456789`;
  assert.deepEqual(read(text), { number: "RE-2023/0458", issue: "2023-11-07", due: "2023-11-21", total: 297.5, subtotal: 250, tax: 47.5 });
});

test("French: N° de facture, date d'émission, échéance, total HT / TVA / TTC", () => {
  const text = `SARL Atelier Lumière
12 rue des Lilas, 69003 Lyon
FACTURE
N° de facture : F2024-0031
Date d'émission : 3 février 2024
Échéance : 04/03/2024
Désignation                     Qté     PU HT      Total HT
Installation éclairage            1    800,00        800,00
Total HT                                             800,00 €
TVA 20 %                                             160,00 €
Total TTC                                            960,00 €`;
  assert.deepEqual(read(text), { number: "F2024-0031", issue: "2024-02-03", due: "2024-03-04", total: 960, subtotal: 800, tax: 160 });
});

test("Italian, Spanish, Portuguese and Polish invoice headers", () => {
  const it = read(`Fattura n. 112/2024\nData fattura: 12/04/2024\nScadenza: 12/05/2024\nImponibile   1.000,00\nIVA 22%   220,00\nTotale documento   1.220,00`);
  assert.deepEqual(it, { number: "112/2024", issue: "2024-04-12", due: "2024-05-12", total: 1220, subtotal: 1000, tax: 220 });
  const es = read(`Nº factura: A-2024-889\nFecha de emisión: 5 de marzo de 2024\nVencimiento: 04/04/2024\nBase imponible   500,00 €\nIVA 21%   105,00 €\nTotal a pagar   605,00 €`);
  assert.deepEqual(es, { number: "A-2024-889", issue: "2024-03-05", due: "2024-04-04", total: 605, subtotal: 500, tax: 105 });
  const pt = read(`Fatura nº FT 2024/77\nData de emissão: 18-06-2024\nVencimento: 18-07-2024\nTotal ilíquido   100,00\nIVA 23%   23,00\nTotal a pagar   123,00 €`);
  assert.equal(pt.issue, "2024-06-18");
  assert.equal(pt.due, "2024-07-18");
  assert.deepEqual([pt.total, pt.subtotal, pt.tax], [123, 100, 23]);
  const pl = read(`Faktura VAT nr FV/2024/03/15\nData wystawienia: 15.03.2024\nTermin płatności: 29.03.2024\nWartość netto   1 000,00\nKwota VAT   230,00\nDo zapłaty: 1230,00 zł`);
  assert.deepEqual([pl.number, pl.issue, pl.due, pl.total], ["FV/2024/03/15", "2024-03-15", "2024-03-29", 1230]);
});

test("Hebrew: מס' חשבונית, חשבונית מס מס', תאריך הפקה, סה\"כ לתשלום", () => {
  const a = read(`חשבונית מס מס' 20451\nתאריך הפקה: 12/03/2024\nסה"כ לפני מע"מ 1,000.00\nמע"מ 17% 170.00\nסה"כ לתשלום 1,170.00 ₪`);
  assert.deepEqual([a.number, a.issue, a.total, a.subtotal, a.tax], ["20451", "2024-03-12", 1170, 1000, 170]);
  const b = read(`מס' חשבונית: 3310\nתאריך: 01/02/2024\nסה"כ לתשלום: 590.00`);
  assert.deepEqual([b.number, b.issue, b.total], ["3310", "2024-02-01", 590]);
});

test("English invoice numbers of many shapes, and never a customer, order or page number", () => {
  assert.equal(read("Invoice #DEL_WHSE20190400771234\nDate: Mar 14, 2019\nTotal $12.00").number, "DEL_WHSE20190400771234");
  assert.equal(read("INVOICE\nInvoice number VX2004417765\nTotal 12.00").number, "VX2004417765");
  assert.equal(read("Invoice No.: INV-2024/0017\nCustomer No.: 88812\nTotal 10.00").number, "INV-2024/0017");
  const n = read("Customer number: 55123\nOrder number: 77120\nPage 1 of 2\nInvoice number: 2024-88\nTotal 5.00").number;
  assert.equal(n, "2024-88");
  assert.equal(read("Kundennummer: 10023\nBestellnummer 4411\nRechnungsnummer 9981\nSumme 5,00").number, "9981");
  assert.equal(read("Invoice number\nTotal 5.00").number, undefined);
});

test("English -layout column headers: the number, dates and every amount sit under their labels", () => {
  const text = `ACME Supplies Ltd
Invoice No        Invoice Date        Due Date
INV-2024/0017     Mar 14, 2024        Apr 13, 2024
   Subtotal          VAT 20%          Total due
   100.00            20.00            120.00`;
  assert.deepEqual(read(text), { number: "INV-2024/0017", issue: "2024-03-14", due: "2024-04-13", total: 120, subtotal: 100, tax: 20 });
});

test("the document's type from its title in each language", () => {
  const type = (text: string) => extractWithRules({ text }).fields.document_type?.value;
  assert.equal(type("KOPIE FACTUUR\nFactuurnummer 12\nTotaal 10,00"), "invoice");
  assert.equal(type("Rechnung Nr. 4411\nSumme 10,00 €"), "invoice");
  assert.equal(type("FACTURE N° 2024-1\nTotal TTC 12,00 €"), "invoice");
  assert.equal(type("Faktura VAT nr 1/2024\nDo zapłaty 10,00 zł"), "invoice");
  assert.equal(type("PARAGON FISKALNY\nSUMA PLN 7,70"), "receipt");
  assert.equal(type("SCONTRINO\nTOTALE EURO 2,50"), "receipt");
  assert.equal(type("Angebot Nr. 17\nGesamtbetrag 500,00 €"), "other");
  assert.equal(type("DEVIS n° 33\nTotal TTC 900,00 €"), "other");
});

test("OCR-damaged labels: a one-word number label two letters off, a speck after N°", () => {
  // "rn" read as "m", and a speck beside the number sign, as Tesseract reads scans.
  assert.equal(read("Van Dijk B.V.\nFactuumummer _F-2020-09917\nFactuurdatum 16-11-2020\nTotaal 12,00").number, "F-2020-09917");
  assert.equal(read("Alpenblick AG\nRechnungsnurnmer VX2004419120\nGesamtbetrag 10,00").number, "VX2004419120");
  assert.equal(read("Imprimerie SA\nN° TVA CHE-298.765.432 TVA N°? de facture 2022-0081\nTotal TTC 10,00").number, "2022-0081");
  // A different word of that length is left alone: a customer number is not the invoice's.
  assert.equal(read("Hansen GmbH\nKundennummer K-10871\nRechnungsnummer RE-2023-01988").number, "RE-2023-01988");
});

test("a column of labels read before the column of their values: each value goes to its label", () => {
  // How OCR and plain text layers read a two-column header block: all labels, then all values.
  const polish = "Biuro Kowalski Sp. z o.o.\n\nFAKTURA VAT\n\nFaktura nr\nNr klienta\nData wystawienia\n\nTermin płatności\n\nFV/2023/11/543\nKL-1187\n08.11.2023\n22.11.2023\n\nRazem do zapłaty 964,94 zł";
  assert.deepEqual(read(polish), { number: "FV/2023/11/543", issue: "2023-11-08", due: "2023-11-22", total: 964.94, subtotal: undefined, tax: undefined });
  const english = "Northwind Ltd\nINVOICE\nCustomer ID\nInvoice No.\nInvoice Date\nDue Date\nC-2231\nINV-2024/0017\nMar 14, 2024\n28 Mar 2024\nTotal 120.00";
  assert.deepEqual(read(english), { number: "INV-2024/0017", issue: "2024-03-14", due: "2024-03-28", total: 120, subtotal: undefined, tax: undefined });
  // When the values cannot be the labels' kinds (a date where the number should be), nothing is paired by position.
  const mismatched = "Acme Ltd\nInvoice No.\nInvoice Date\n14/03/2024\nINV-77\nTotal 10.00";
  assert.notEqual(read(mismatched).number, "14/03/2024");
});
