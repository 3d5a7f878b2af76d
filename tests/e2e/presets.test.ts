import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import type { Page } from "playwright-core";
import { makeUser } from "../support/factories";
import { signedInPage, startBrowserTest, type BrowserTest } from "../support/e2e";
import { untranslatedText } from "../support/untranslated";

const SHOTS = "/tmp/shots";
let env: BrowserTest;
let admin: Awaited<ReturnType<typeof makeUser>>;

before(async () => {
  [env] = await Promise.all([startBrowserTest("presets"), mkdir(SHOTS, { recursive: true })]);
  admin = await makeUser(env.tdb.db, { company: "Acme Books", role: "admin" });
});

after(() => env?.stop());

/** A fresh Add mailbox form, signed in, in the person's saved language. */
async function addMailboxForm(locale: "en" | "he" = "en") {
  await env.tdb.sql`update users set locale = ${locale} where id = ${admin.user.id}`;
  const opened = await signedInPage(env.browser, env.app.url, admin.user, { locale: locale === "he" ? "he-IL" : "en-GB" });
  await opened.page.goto(`${env.app.url}/accounts/new`);
  return opened;
}

const server = (page: Page) =>
  Promise.all([page.locator("#f-host").inputValue(), page.locator("#f-security").inputValue(), page.locator("#f-port").inputValue()]);
const chosen = (page: Page) => page.locator('input[name="preset"]:checked').getAttribute("value");
// A person clicks the button-like label; the radio inside it is only there for keyboards and screen readers.
const pick = (page: Page, preset: string) => page.locator("label", { has: page.locator(`input[name="preset"][value="${preset}"]`) }).click();

test("choosing Outlook / Microsoft 365 fills its server, security and port, and the arrow keys move to the next service", async () => {
  const { page, watch } = await addMailboxForm();
  assert.equal(await chosen(page), "other", "a new form starts on Other, with the fields left to the person");
  assert.deepEqual(await server(page), ["", "tls", ""]);

  await page.getByText("Outlook / Microsoft 365", { exact: true }).click();
  assert.equal(await page.getByRole("radio", { name: "Outlook / Microsoft 365" }).isChecked(), true);
  assert.deepEqual(await server(page), ["outlook.office365.com", "tls", "993"]);
  assert.equal(await page.locator("#f-email").getAttribute("aria-invalid"), null, "choosing a service first does not flag the empty address");
  await page.getByRole("note").getByText(/app password works only where your organisation's administrator allows/).waitFor();
  await page.screenshot({ path: path.join(SHOTS, "presets-en.png"), fullPage: true });

  await page.keyboard.press("ArrowRight");
  assert.equal(await chosen(page), "yahoo");
  assert.deepEqual(await server(page), ["imap.mail.yahoo.com", "tls", "993"]);
  watch.assertClean("choosing presets");
  await page.close();
});

test("the address's domain chooses the service until the person types a server of their own", async () => {
  const { page, watch } = await addMailboxForm();
  const email = page.getByLabel("Email address");
  await email.fill("dana@gmail.com");
  assert.equal(await chosen(page), "gmail");
  assert.deepEqual(await server(page), ["imap.gmail.com", "tls", "993"]);
  const note = page.getByRole("note");
  await note.getByText(/Gmail needs an app password/).waitFor();
  assert.equal(await note.getByRole("link", { name: "Accounts" }).getAttribute("href"), "/accounts");

  await email.fill("dana@acme.test");
  assert.equal(await chosen(page), "other", "an address of no known service takes the guess back");
  assert.deepEqual(await server(page), ["", "tls", ""]);
  await email.fill("dana@hotmail.com");
  assert.equal(await chosen(page), "outlook");

  await page.getByLabel("IMAP server").fill("mail.acme.test");
  assert.equal(await chosen(page), "other", "a server typed by hand is no longer Outlook's");
  await email.fill("dana@icloud.com");
  assert.equal(await chosen(page), "other");
  assert.deepEqual(await server(page), ["mail.acme.test", "tls", "993"], "the person's server is kept when the address changes");
  watch.assertClean("guessing from the address");
  await page.close();
});

test("in Hebrew the presets and every service's note have no English of their own", async () => {
  const { page, watch } = await addMailboxForm("he");
  assert.deepEqual(await page.evaluate(() => [document.documentElement.lang, document.documentElement.dir]), ["he", "rtl"]);
  const problems: string[] = [];
  for (const preset of ["gmail", "outlook", "yahoo", "icloud", "other"]) {
    await pick(page, preset);
    assert.equal(await chosen(page), preset);
    if (preset !== "other") await page.getByRole("note").waitFor();
    for (const text of await untranslatedText(page)) problems.push(`${preset}: ${text}`);
    if (preset === "icloud") await page.screenshot({ path: path.join(SHOTS, "presets-he.png"), fullPage: true });
  }
  assert.deepEqual(problems, [], `English left on the Hebrew form:\n${problems.join("\n")}`);
  watch.assertClean("the Hebrew form");
  await page.close();
});
