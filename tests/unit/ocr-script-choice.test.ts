import { test } from "node:test";
import assert from "node:assert/strict";
import { hebrewShare, keepReading, latinLanguages, mayBeOtherScript } from "@/lib/ocr/script-choice";

const reading = (text: string, confidence: number, weakestLine = confidence) => ({ text, confidence, weakestLine });

test("only pools with Hebrew and English choose a script per page", () => {
  assert.deepEqual(latinLanguages(["eng", "heb"]), ["eng"]);
  assert.deepEqual(latinLanguages(["heb", "eng", "fra"]), ["eng", "fra"]);
  assert.equal(latinLanguages(["eng"]), null);
  assert.equal(latinLanguages(["heb"]), null, "Hebrew alone has nothing to switch to");
});

test("a page has Hebrew by the share of its letters, not by a stray one", () => {
  assert.equal(hebrewShare("Invoice 1057 Total $178.43"), 0);
  assert.ok(hebrewShare('חשבונית מס 4521 סה"כ 140.40') > 0.9);
  assert.ok(hebrewShare(`${"Invoice Number TP-7820 Total Due £357.60 ".repeat(5)}ו`) < 0.02);
  assert.ok(hebrewShare('Northwind Traders Ltd\nספק: חברת הדפוס בע"מ\nInvoice No: INV-2291 Total ILS 140.40') > 0.02, "an English invoice with a Hebrew line");
});

test("an English reading unsure of a line or of the page is read again with both scripts", () => {
  assert.equal(mayBeOtherScript(reading("Invoice No: 1057", 88, 74)), false);
  assert.equal(mayBeOtherScript(reading("nnwnn x7 0", 41)), true);
  assert.equal(mayBeOtherScript(reading("Northwind Traders\n2ax 7n 12 7x20 ann\nTotal 140.40", 76, 34)), true, "one unreadable line");
});

test("the reading with both scripts wins where it finds Hebrew; otherwise the more confident one stays", () => {
  assert.equal(keepReading(reading("nnwnn 0", 41), reading("חשבונית מס 4521", 78)), "both");
  // An English photo with one smudged line: no Hebrew found, the more confident reading stays.
  assert.equal(keepReading(reading("Receipt Total 12.00", 84, 10), reading("Receipt Tota1 12.00", 80, 12)), "latin");
  assert.equal(keepReading(reading("Receipt Tota1 12.00", 60, 10), reading("Receipt Total 12.00", 80, 12)), "both");
});
