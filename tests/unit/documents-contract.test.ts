import { test } from "node:test";
import assert from "node:assert/strict";
import { createTranslator } from "next-intl";
import { correctDocumentSchema, documentFields, FIELD_KIND, FIELD_NAMES, FIELD_SCHEMAS, fieldsPatch, NO_TOTAL_REASON } from "@/lib/documents/contract";
import { checkExtraction } from "@/lib/extract/checks";
import type { Extraction } from "@/lib/extract/types";
import { errorAdvice, reasonText, reviewList, type DocumentsT } from "@/components/extraction";
import { formatters } from "@/components/format";
import { LOCALES, type Locale } from "@/lib/i18n/locales";
import { MESSAGES } from "@/lib/i18n/messages";

const translator = (locale: Locale) => createTranslator({ locale, messages: MESSAGES[locale], namespace: "documents" }) as unknown as DocumentsT;

test("the one list of fields drives the correction schema, the response shape, the editor's inputs and the labels in every language", () => {
  assert.deepEqual(Object.keys(FIELD_SCHEMAS), [...FIELD_NAMES]);
  assert.deepEqual(Object.keys(fieldsPatch.shape), [...FIELD_NAMES]);
  assert.deepEqual(Object.keys(documentFields.shape), [...FIELD_NAMES]);
  assert.deepEqual(Object.keys(FIELD_KIND), [...FIELD_NAMES]);
  for (const locale of LOCALES) assert.deepEqual(Object.keys(MESSAGES[locale].documents.fieldLabels).sort(), [...FIELD_NAMES].sort(), locale);
});

test("a correction takes numbers for amounts, yyyy-mm-dd for dates, capital codes for currencies, and null to clear", () => {
  assert.ok(correctDocumentSchema.safeParse({ fields: { total: 118, issue_date: "2025-03-12", currency: "ILS", vendor: null } }).success);
  const bad = correctDocumentSchema.safeParse({ fields: { total: "lots", issue_date: "12/03/2025", currency: "ils" } });
  assert.ok(!bad.success);
  assert.deepEqual(bad.error.issues.map((i) => i.path.join(".")).sort(), ["fields.currency", "fields.issue_date", "fields.total"]);
  assert.ok(!correctDocumentSchema.safeParse({ fields: { colour: "red" } }).success, "an unknown field is refused");
  assert.ok(!correctDocumentSchema.safeParse({ line_items: [{ description: "x", quantity: "2", unit_price: null, amount: null }] }).success);
});

const extraction = (subtotal: number, total: number, amounts: number[]): Extraction => ({
  fields: { subtotal: { value: subtotal, confidence: 1, source: "rules" }, total: { value: total, confidence: 1, source: "rules" }, currency: { value: "USD", confidence: 1, source: "rules" } },
  line_items: amounts.map((amount) => ({ description: "x", quantity: null, unit_price: null, amount })),
  summary: "",
});

test("review reasons from failing checks read in English and in Hebrew, with the amounts in the reader's money", () => {
  const checks = checkExtraction(extraction(1000, 1100, [900, 50]));
  const reasons = [...checks.filter((c) => !c.ok).map((c) => c.message), NO_TOTAL_REASON];
  const list = reviewList(reasons, checks);
  assert.deepEqual(list.map((r) => r.key), ["lineItemsSum", "subtotalPlusNoTax", "noTotal"]);

  const en = list.map((r) => reasonText(translator("en"), formatters("en"), r));
  assert.equal(en[0], "Line items sum to $950.00 but the subtotal is $1,000.00 (off by -$50.00)");
  assert.equal(en[2], "No total was found");
  const he = list.map((r) => reasonText(translator("he"), formatters("he"), r));
  for (const text of he) assert.match(text, /[\u0590-\u05FF]/);
  assert.ok(he.every((text) => !/[A-Za-z]{3,}/.test(text)), he.join(" | "));
  assert.match(he[0], /950\.00/);
});

test("a reason this version does not know keeps its words in English and says a check failed in Hebrew", () => {
  const [reason] = reviewList(["Vendor looks odd"], []);
  assert.equal(reasonText(translator("en"), formatters("en"), reason), "Vendor looks odd");
  assert.equal(reasonText(translator("he"), formatters("he"), reason), MESSAGES.he.documents.review.reasons.checkFailed);
});

test("a check stored before checks carried their numbers still reads in Hebrew", () => {
  const [reason] = reviewList([], [{ name: "line_items_sum", ok: false, message: "Line items sum to $1 but the total is $2 (off by -$1)" }]);
  assert.equal(reasonText(translator("he"), formatters("he"), reason), MESSAGES.he.documents.review.reasons.lineItemsSumPlain);
});

test("error advice comes from the reason code, else from the message, and has words in every language", () => {
  assert.equal(errorAdvice("whatever", "encrypted"), "encrypted");
  assert.equal(errorAdvice("PDF has 400 pages (limit 200)"), "too_many_pages");
  assert.equal(errorAdvice("ECONNRESET after retries"), "temporary");
  assert.equal(errorAdvice(null), "unknown");
  for (const locale of LOCALES) {
    for (const key of ["encrypted", "too_many_pages", "too_many_pixels", "too_large", "corrupt", "unsupported", "timeout", "temporary", "unknown"] as const) {
      assert.ok(translator(locale)(`advice.${key}`).length > 20, `${locale} advice.${key}`);
    }
  }
});
