import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { createTranslator } from "next-intl";
import { PASSWORD_MIN } from "@/lib/auth/limits";
import { MESSAGES } from "@/lib/i18n/messages";
import { makeUser } from "../support/factories";
import { call, startWebTest, type WebTest } from "../support/web";

let web: WebTest;
const tdb = () => web.tdb;
// Imported once the web environment points at this file's database.
const routes = {
  me: () => import("@/app/api/me/route"),
  users: () => import("@/app/api/users/route"),
  categories: () => import("@/app/api/categories/route"),
  rules: () => import("@/app/api/categories/rules/route"),
};

before(async () => {
  web = await startWebTest("language");
});
after(() => web.stop());

const setLocale = async (token: string, locale: unknown) => call((await routes.me()).PATCH, { method: "PATCH", token, body: { locale } });
const storedLocale = async (id: string) => (await tdb().sql`select locale from users where id = ${id}`)[0].locale;
const hebrew = (namespace: "validation" | "errors") => createTranslator({ locale: "he", messages: MESSAGES.he, namespace });

describe("a person's language", () => {
  test("PATCH /api/me stores the choice and sets the cookie; null (or the form's empty choice) clears both and follows the browser again", async () => {
    const { user, token } = await makeUser(tdb().db);

    const chosen = await setLocale(token, "he");
    assert.equal(chosen.status, 200, chosen.text);
    assert.equal(chosen.json.user.locale, "he");
    assert.equal(await storedLocale(user.id), "he");
    assert.match(chosen.headers.get("set-cookie") ?? "", /^mailroom_locale=he; Max-Age=31536000; Path=\/; SameSite=Lax$/);

    const cleared = await setLocale(token, null);
    assert.equal(cleared.status, 200, cleared.text);
    assert.equal(cleared.json.user.locale, null);
    assert.equal(await storedLocale(user.id), null);
    assert.match(cleared.headers.get("set-cookie") ?? "", /^mailroom_locale=; Max-Age=0; Path=\/; SameSite=Lax$/);

    await setLocale(token, "en");
    const empty = await setLocale(token, "");
    assert.equal(empty.status, 200, empty.text);
    assert.equal(await storedLocale(user.id), null, "the settings form's “Browser default” is no choice");
  });

  test("a language Mailroom does not speak answers 422 beside locale and changes nothing", async () => {
    const { user, token } = await makeUser(tdb().db);
    await setLocale(token, "he");
    const french = await setLocale(token, "fr");
    assert.equal(french.status, 422);
    assert.equal(french.json.error.fields[0].path, "locale");
    assert.equal(french.headers.get("set-cookie"), null);
    assert.equal(await storedLocale(user.id), "he");
    assert.equal((await call((await routes.me()).PATCH, { method: "PATCH", token, body: { locale: "en", theme: "dark" } })).status, 422, "unknown preferences are refused");
  });

  test("once a person chooses Hebrew, other routes word their errors in Hebrew; a person who did not keeps English", async () => {
    const company = `Language ${Math.random()}`;
    const reader = await makeUser(tdb().db, { company, role: "admin" });
    const other = await makeUser(tdb().db, { company, role: "admin" });
    await setLocale(reader.token, "he");
    const body = { email: "new.person@example.test", password: "short" };

    const inHebrew = await call((await routes.users()).POST, { method: "POST", token: reader.token, body });
    assert.equal(inHebrew.status, 422);
    assert.deepEqual(inHebrew.json.error.fields, [{ path: "password", message: hebrew("validation")("tooShort", { minimum: PASSWORD_MIN }) }]);
    const inEnglish = await call((await routes.users()).POST, { method: "POST", token: other.token, body });
    assert.deepEqual(inEnglish.json.error.fields, [{ path: "password", message: `must be at least ${PASSWORD_MIN} characters` }]);

    // An AppError of the categories domain, and a rule's pattern refused by its own check.
    await call((await routes.categories()).POST, { method: "POST", token: reader.token, body: { name: "Utilities" } });
    const taken = await call((await routes.categories()).POST, { method: "POST", token: reader.token, body: { name: "utilities" } });
    assert.deepEqual([taken.status, taken.json.error.code, taken.json.error.message], [409, "categories.exists", hebrew("errors")("categories.exists")]);
    const [category] = await tdb().sql`select id from categories where company_id = ${reader.companyId}`;
    const noWords = await call((await routes.rules()).POST, { method: "POST", token: reader.token, body: { category_id: category.id, kind: "keyword", pattern: "!!!" } });
    assert.deepEqual(noWords.json.error.fields, [{ path: "pattern", message: hebrew("errors")("rules.pattern.no_words") }]);
  });
});
