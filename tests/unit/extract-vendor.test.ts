import { test } from "node:test";
import assert from "node:assert/strict";
import { extractWithRules } from "@/lib/extract/rules";

const vendorOf = (text: string) => extractWithRules({ text }).fields.vendor?.value;

test("the issuer's block last (a text layer in odd order): the name over its address and tax id", () => {
  const text = [
    "Total 1.210,00 €",
    "Rechnung",
    "Rechnungsnummer: 4471",
    "Rechnungsdatum: 02.05.2025",
    "Rechnungsempfänger",
    "Kanzlei Brandt",
    "Lindenweg 3",
    "80331 München",
    "Holzwerk Albrecht",
    "Sägewerkstr. 2, 79098 Freiburg",
    "USt-IdNr. DE287654321",
  ].join("\n");
  assert.equal(vendorOf(text), "Holzwerk Albrecht");
});

test("a name without a legal suffix in the column over its tax id, the title beside it", () => {
  const text = [
    "FAKTURA VAT                                   Pracownia Lis",
    "                                              ul. Polna 4, 60-101 Poznań",
    "                                              NIP 781-222-33-44",
    "",
    "Faktura nr FV 8/2025",
    "Data wystawienia 3 czerwca 2025",
    "Razem do zapłaty 500,00 zł",
  ].join("\n");
  assert.equal(vendorOf(text), "Pracownia Lis");
});

test("a city alone under the street, a label and the customer's tax id are not the issuer", () => {
  const text = [
    "Mercearia Lopes",
    "Rua do Almada 12, 4050-032",
    "Porto",
    "NIF 501234987",
    "Talão nº FS 3/118",
    "Cliente",
    "Ana Martins",
    "Rua Nova 8",
    "1100-200 Lisboa",
    "NIF 245678123",
    "TOTAL 12,40 €",
  ].join("\n");
  assert.equal(vendorOf(text), "Mercearia Lopes");
});

test("a Polish company suffix read by OCR as 'z 0.0.' comes back as 'z o.o.'", () => {
  const text = ["Serwis Kowal Sp. z 0.0.", "ul. Krótka 1, 00-001 Warszawa", "NIP 525-000-11-22", "Faktura nr 12/2025", "Razem 100,00 zł"].join("\n");
  assert.equal(vendorOf(text), "Serwis Kowal Sp. z o.o.");
});

test("OCR's blank line under 'Nabywca' keeps the customer out, and a name read after its address and id is the issuer", () => {
  const text = [
    "ul. Wąska 3, 30-001 Kraków",
    "NIP 676-111-22-33",
    "",
    "FAKTURA VAT Pracownia Lis",
    "",
    "Faktura nr FV 9/2025",
    "Nabywca",
    "",
    "Kwiaciarnia Róża",
    "ul. Rynek 5",
    "50-106 Wrocław",
    "Razem do zapłaty 100,00 zł",
  ].join("\n");
  assert.equal(vendorOf(text), "Pracownia Lis");
});

test("OCR's cuts and debris around a legal name: 'Sp. z' and 'בע\"' completed, lone letters before the name dropped, initials kept", () => {
  assert.equal(vendorOf("Serwis Kowal Sp. z\nul. Krótka 1, 00-001 Warszawa\nNIP 525-000-11-22\nRazem 100,00 zł"), "Serwis Kowal Sp. z o.o.");
  assert.equal(vendorOf('ו מחשבי הדר בע"\nרחוב הנשיא 20, הרצליה\nח.פ. 514567890\nסה"כ לתשלום 100.00'), 'מחשבי הדר בע"מ');
  assert.equal(vendorOf("A o. Imprenta Sol S.L.\nCalle Mayor 1, 28001 Madrid\nTotal 10,00 €"), "Imprenta Sol S.L.");
  assert.equal(vendorOf("J. P. Hartley Ltd\n1 High St, Leeds LS1 1AA\nTotal £10.00"), "J. P. Hartley Ltd");
});
