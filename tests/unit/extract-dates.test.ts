// Dates as invoices and receipts write them, in eight languages, and which one is the issue date.
import { test } from "node:test";
import assert from "node:assert/strict";
import { extractWithRules } from "@/lib/extract/rules";
import { findDates } from "@/lib/extract/text";

const iso = (s: string) => findDates(s).map((d) => d.iso ?? `${d.a}/${d.b}/${d.year}`);

test("written months in English, with the day first or last, abbreviated or not", () => {
  assert.deepEqual(iso("Date: Mar 14, 2019"), ["2019-03-14"]);
  assert.deepEqual(iso("Invoice date 07 Nov 2016"), ["2016-11-07"]);
  assert.deepEqual(iso("22 SEP 2017 14:02"), ["2017-09-22"]);
  assert.deepEqual(iso("Issued 22-SEP-17"), ["2017-09-22"]);
  assert.deepEqual(iso("March 3rd, 2021"), ["2021-03-03"]);
});

test("month names in French, Dutch, German, Italian, Spanish, Polish and Portuguese, with or without accents", () => {
  assert.deepEqual(iso("Lyon, le 1er février 2024"), ["2024-02-01"]);
  assert.deepEqual(iso("Lyon, le 3 fevrier 2024"), ["2024-02-03"]);
  assert.deepEqual(iso("Factuurdatum: 12 maart 2024"), ["2024-03-12"]);
  assert.deepEqual(iso("Datum: 14 mrt. 2024"), ["2024-03-14"]);
  assert.deepEqual(iso("Berlin, 14. März 2019"), ["2019-03-14"]);
  assert.deepEqual(iso("Datum 2. Dez. 2022"), ["2022-12-02"]);
  assert.deepEqual(iso("Milano, 5 settembre 2023"), ["2023-09-05"]);
  assert.deepEqual(iso("Fecha: 14 de marzo de 2019"), ["2019-03-14"]);
  assert.deepEqual(iso("Warszawa, 3 października 2019"), ["2019-10-03"]);
  assert.deepEqual(iso("Warszawa, 3 pazdziernika 2019"), ["2019-10-03"]);
  assert.deepEqual(iso("Lisboa, 9 de março de 2020"), ["2020-03-09"]);
});

test("numeric dates with dashes, dots, slashes and two-digit years", () => {
  assert.deepEqual(iso("18-06-2015"), ["2015-06-18"]);
  assert.deepEqual(iso("Datum: 15.03.2024"), ["2024-03-15"]);
  assert.deepEqual(iso("09/11/17"), ["9/11/2017"]); // order left open until the document decides
});

test("a billing period's end and a due date are not the issue date", () => {
  const f = extractWithRules({ text: "ACME Telecom\nBilling period: 01/05/2019 - 31/05/2019\nDue date: 15/06/2019\nInvoice date: 02/06/2019\nTotal €45.00" }).fields;
  assert.equal(f.issue_date?.value, "2019-06-02");
  assert.equal(f.due_date?.value, "2019-06-15");
  const g = extractWithRules({ text: "Stadtwerke Nord\nLeistungszeitraum 01.04.2024 bis 30.04.2024\nFällig am 20.05.2024\nGesamtbetrag 80,00 €" }).fields;
  assert.equal(g.issue_date?.value, "2024-04-01");
  assert.equal(g.due_date?.value, "2024-05-20");
  const h = extractWithRules({ text: "Delivery date: 12/02/2024\nDate: 10/02/2024\nTotal 5.00 EUR" }).fields;
  assert.equal(h.issue_date?.value, "2024-02-10");
});

test("a document is not dated after the email that brought it: the other day/month order, or nothing", () => {
  const text = "Corner Shop\nDate: 05/11/2024\nTOTAL 12.00";
  // Read day first (no American signals) that is 5 November; the mail came in June, so it is 11 May.
  assert.equal(extractWithRules({ text }).fields.issue_date?.value, "2024-11-05");
  assert.equal(extractWithRules({ text, receivedAt: new Date("2024-06-01T10:00:00Z") }).fields.issue_date?.value, "2024-05-11");
  // A certain date after the mail is refused; an earlier date on the page is taken instead.
  const late = extractWithRules({ text: "Shop\nPrinted 01/01/2023\nDate: 2031-01-01\nTOTAL 3.00", receivedAt: new Date("2024-06-01T10:00:00Z") }).fields;
  assert.notEqual(late.issue_date?.value, "2031-01-01");
});
