import { test } from "node:test";
import assert from "node:assert/strict";
import { better, hebrewShare, latinLanguages, needsOtherMode } from "@/lib/ocr/script-choice";

test("only pools with Hebrew and English choose a script per page", () => {
  assert.deepEqual(latinLanguages(["eng", "heb"]), ["eng"]);
  assert.deepEqual(latinLanguages(["heb", "eng", "fra"]), ["eng", "fra"]);
  assert.equal(latinLanguages(["eng"]), null);
  assert.equal(latinLanguages(["heb"]), null, "Hebrew alone has nothing to switch to");
});

test("a page is Hebrew by the share of its letters, not by a stray one", () => {
  assert.equal(hebrewShare("Invoice 1057 Total $178.43"), 0);
  assert.ok(hebrewShare('חשבונית מס 4521 סה"כ 140.40') > 0.9);
  assert.ok(hebrewShare("Invoice Number TP-7820 Total Due £357.60 ו") < 0.2);
});

test("a full reading without Hebrew, or an unsure English one, is read again in the other mode", () => {
  assert.equal(needsOtherMode("all", { text: "Invoice No: 7", confidence: 90 }), true);
  assert.equal(needsOtherMode("all", { text: "חשבונית מס 4521", confidence: 80 }), false);
  assert.equal(needsOtherMode("latin", { text: "Invoice No: 1057", confidence: 88 }), false);
  assert.equal(needsOtherMode("latin", { text: "nnwnn x7 0", confidence: 41 }), true);
});

test("English alone wins for a page without Hebrew; Hebrew wins where it finds its page", () => {
  assert.equal(better("all", { text: "Invoice No: 7", confidence: 91 }, { text: "Invoice No: 1057", confidence: 84 }), "second");
  assert.equal(better("latin", { text: "nnwnn 0", confidence: 41 }, { text: "חשבונית מס 4521", confidence: 78 }), "second");
  // An English photo that was merely blurry: no Hebrew found, the more confident reading stays.
  assert.equal(better("latin", { text: "Receipt Total 12.00", confidence: 65 }, { text: "Receipt Tota1 12.00", confidence: 60 }), "first");
});
