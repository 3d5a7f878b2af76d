// Currencies from symbols, local abbreviations and codes; from the country when nothing is written; the company's default last.
import { test } from "node:test";
import assert from "node:assert/strict";
import { extractWithRules } from "@/lib/extract/rules";
import { currencyOf, formatMoney } from "@/lib/extract/text";

const cur = (text: string, extra: { defaultCurrency?: string } = {}) => extractWithRules({ text, ...extra }).fields.currency;

test("symbols and local abbreviations beside the total", () => {
  assert.equal(cur("TAX INVOICE\nGrand Total   ₹1,180.00")?.value, "INR");
  assert.equal(cur("Bill No: 4411\nNet Payable  Rs. 2,350.00")?.value, "INR");
  assert.equal(cur("KEDAI RUNCIT MAJU\nTOTAL          RM 23.50\nCASH           RM 50.00")?.value, "MYR");
  assert.equal(cur("Paragon fiskalny\nSUMA PLN            23,45")?.value, "PLN");
  assert.equal(cur("Faktura nr 12/2024\nDo zapłaty: 1 230,00 zł")?.value, "PLN");
  assert.equal(cur("Rechnung 77\nTotal CHF 1'200.00")?.value, "CHF");
  assert.equal(cur("Kvitto\nTOTALT   125,00 kr\nOrg.nr 556677-8899 Sverige")?.value, "SEK");
  assert.equal(cur("Kvittering\nTotal   125,00 kr\nMVA  NO 987 654 321 MVA\nOslo, Norge")?.value, "NOK");
  assert.equal(cur("領収書\nTotal ¥3,000")?.value, "JPY");
  assert.equal(cur("Invoice 12\nTotal C$ 45.00")?.value, "CAD");
  assert.equal(cur("Invoice 12\nTotal A$45.00")?.value, "AUD");
});

test("without a symbol, the VAT id's prefix, the address country or the phone prefix tells", () => {
  assert.equal(cur("Factuur 2024-01\nBTW-nr: NL123456789B01\nTotaal 121,00")?.value, "EUR");
  assert.equal(cur("Faktura 12/2024\nNIP: PL5261040828\nRazem 100,00")?.value, "PLN");
  assert.equal(cur("Rechnung 5\nMuster AG, Bahnhofstrasse 1, 8001 Zürich, Schweiz\nTotal 100.00")?.value, "CHF");
  assert.equal(cur("Invoice 7\nTel +91 22 4000 1234\nTotal 500.00")?.value, "INR");
});

test("the company's default currency when nothing says otherwise, with low confidence", () => {
  const c = cur("Invoice 7\nTotal 500.00", { defaultCurrency: "ILS" });
  assert.equal(c?.value, "ILS");
  assert.ok(c!.confidence < 0.5);
  assert.equal(cur("Invoice 7\nTotal $500.00", { defaultCurrency: "ILS" })?.value, "USD");
});

test("codes and symbols map to ISO codes, and amounts are written with their symbol", () => {
  assert.equal(currencyOf("zł"), "PLN");
  assert.equal(currencyOf("Rs."), "INR");
  assert.equal(currencyOf("RM"), "MYR");
  assert.equal(currencyOf("DKK"), "DKK");
  assert.equal(formatMoney(1180, "INR"), "₹1,180.00");
  assert.equal(formatMoney(-23.5, "MYR"), "-RM23.50");
  assert.equal(formatMoney(23.45, "PLN"), "23.45 PLN");
});
