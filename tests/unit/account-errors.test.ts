import { test } from "node:test";
import assert from "node:assert/strict";
import { createTranslator } from "next-intl";
import { MESSAGES } from "@/lib/i18n/messages";
import { LOCALES } from "@/lib/i18n/locales";
import { ACCOUNT_ERROR_CODES } from "@/lib/accounts/schemas";

const sentence = (locale: (typeof LOCALES)[number], code: string) => createTranslator({ locale, messages: MESSAGES[locale], namespace: "accounts.errors" })(code as never);

test("every account error code has a sentence in every language, and nothing else does", () => {
  for (const locale of LOCALES) {
    assert.deepEqual(Object.keys(MESSAGES[locale].accounts.errors).sort(), [...ACCOUNT_ERROR_CODES].sort(), locale);
    for (const code of ACCOUNT_ERROR_CODES) assert.ok(sentence(locale, code).length > 20, `${locale}: ${code}`);
  }
});

test("in Hebrew each sentence is Hebrew, not the English left in place", () => {
  for (const code of ACCOUNT_ERROR_CODES) {
    const he = sentence("he", code);
    assert.match(he, /[\u0590-\u05FF]{3}/, code);
    assert.notEqual(he, sentence("en", code), code);
  }
});

test("a wrong password and a revoked Gmail grant read as what to do, in Hebrew", () => {
  assert.equal(sentence("he", "login"), "השרת דחה את שם המשתמש או הסיסמה. יש לבדוק אותם, או להשתמש בסיסמת אפליקציה אם ספק הדואר דורש זאת.");
  assert.equal(sentence("he", "gmail_reconnect"), "Google כבר לא מאשרת ל־Mailroom גישה לתיבה הזאת (הגישה בוטלה או פגה). יש לחבר אותה מחדש.");
  assert.match(sentence("en", "gmail_reconnect"), /Reconnect it/);
});
