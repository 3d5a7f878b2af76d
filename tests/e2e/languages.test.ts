import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdir, mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { generateKey, parseKeyring } from "@/lib/crypto/secrets";
import { createTranslator } from "next-intl";
import { LOCALE_NAMES, LOCALES, type Locale } from "@/lib/i18n/locales";
import { MESSAGES } from "@/lib/i18n/messages";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { startDovecot, type Dovecot } from "../support/dovecot";
import { makeImapAccount, makeUser } from "../support/factories";
import { buildMessage } from "../support/mime";
import { startTestWorker } from "../support/worker";
import { startWebApp, type RunningApp } from "../support/app";
import { launchBrowser, watchPage, type PageWatch } from "../support/browser";
import { signedInPage } from "../support/e2e";
import { untranslatedText } from "../support/untranslated";
import { waitFor } from "../support/wait";

// Screenshots of every page in Hebrew (and English, to compare) land here for people to look at.
const ARTIFACTS = path.resolve(__dirname, "../.artifacts/languages");
const FIXTURES = path.resolve(__dirname, "../fixtures/invoices");
const key = generateKey();
let tdb: TestDatabase;
let dovecot: Dovecot;
let dataDir: string;
let app: RunningApp;
let worker: Awaited<ReturnType<typeof startTestWorker>>;
let browser: Browser;
let admin: Awaited<ReturnType<typeof makeUser>>;
let accountId: string;
const docs: Record<"english" | "hebrew" | "broken", string> = { english: "", hebrew: "", broken: "" };

before(async () => {
  [tdb, dovecot, dataDir] = await Promise.all([createTestDatabase(), startDovecot({ users: [{ name: "billing", password: "imap-pass" }] }), mkdtemp(path.join(os.tmpdir(), "mailroom-e2e-lang-"))]);
  const attachment = async (filename: string) => ({ filename, contentType: "application/pdf", content: await readFile(path.join(FIXTURES, filename)) });
  await dovecot.append("billing", "INBOX", buildMessage({ from: "Acme Supplies <ar@acme.test>", subject: "Invoice INV-1042", attachments: [await attachment("en-acme-classic.pdf")] }));
  await dovecot.append("billing", "INBOX", buildMessage({ from: "טכנו פלוס <billing@techno-plus.co.il>", subject: "חשבונית מס 5521", attachments: [await attachment("he-techno-plus.pdf")] }));
  await dovecot.append("billing", "INBOX", buildMessage({ from: "Scanner <scan@acme.test>", subject: "Scan", attachments: [{ filename: "broken.pdf", contentType: "application/pdf", content: Buffer.from("%PDF-1.7\nnot really a pdf") }] }));

  admin = await makeUser(tdb.db, { company: "Acme Books", role: "admin" });
  const account = await makeImapAccount(tdb.db, parseKeyring(key), admin.companyId, { email: "billing@acme.test", host: dovecot.host, port: dovecot.port, username: "billing", password: "imap-pass" });
  accountId = account.id;
  await tdb.sql`insert into categories (company_id, name, color) values (${admin.companyId}, 'Utilities', '#ff8800'), (${admin.companyId}, 'חשמל', '#2266aa')`;
  worker = await startTestWorker({ databaseUrl: tdb.url, dataDir, encryptionKey: key });
  app = await startWebApp({ databaseUrl: tdb.url, dataDir, encryptionKey: key });
  browser = await launchBrowser();
  await mkdir(ARTIFACTS, { recursive: true });

  // The worker fetches and reads the three attachments as it would any mail.
  const res = await fetch(`${app.url}/api/accounts/${accountId}/fetch`, { method: "POST", headers: { authorization: `Bearer ${admin.token}` } });
  assert.equal(res.status < 300, true, await res.text());
  const rows = await waitFor(
    "the three documents to be processed",
    async () => {
      const r = await tdb.sql`select id, filename, status from documents where company_id = ${admin.companyId}`;
      return r.length === 3 && r.every((d) => d.status === "completed" || d.status === "error") ? r : null;
    },
    { timeoutMs: 120_000 },
  );
  for (const r of rows) docs[r.filename === "en-acme-classic.pdf" ? "english" : r.filename === "he-techno-plus.pdf" ? "hebrew" : "broken"] = r.id;
});

after(async () => {
  await browser?.close();
  await app?.stop();
  await worker?.stop();
  await dovecot?.dispose();
  await tdb?.drop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

/** A signed-in page for `locale`, chosen the way a person does: their saved language. */
async function signedIn(locale: Locale): Promise<{ page: Page; watch: PageWatch }> {
  await tdb.sql`update users set locale = ${locale} where id = ${admin.user.id}`;
  return signedInPage(browser, app.url, admin.user, { locale: locale === "he" ? "he-IL" : "en-GB" });
}

const PAGES = () => [
  ["dashboard", "/"],
  ["documents", "/documents"],
  ["document", `/documents/${docs.english}`],
  ["document-hebrew", `/documents/${docs.hebrew}`],
  ["document-error", `/documents/${docs.broken}`],
  ["accounts", "/accounts"],
  ["account", `/accounts/${accountId}`],
  ["account-edit", `/accounts/${accountId}/edit`],
  ["account-new", "/accounts/new"],
  ["review", "/review"],
  ["settings", "/settings"],
  ["categories", "/settings/categories"],
  ["not-found", "/documents/00000000-0000-4000-8000-000000000000"],
];

test("every page in Hebrew is right-to-left, has no English of its own left, and does not overflow sideways", async () => {
  const { page, watch } = await signedIn("he");
  const problems: string[] = [];
  for (const [name, pathname] of PAGES()) {
    await page.goto(`${app.url}${pathname}`);
    await page.waitForLoadState("networkidle");
    watch.assertClean(pathname, name === "not-found" ? [/404/] : []);
    assert.deepEqual(await page.evaluate(() => [document.documentElement.lang, document.documentElement.dir]), ["he", "rtl"], pathname);
    await page.screenshot({ path: path.join(ARTIFACTS, `he-${name}.png`), fullPage: true });
    for (const text of await untranslatedText(page)) problems.push(`${pathname}: ${text}`);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    if (overflow > 1) problems.push(`${pathname}: the page scrolls sideways by ${overflow}px`);
  }
  assert.deepEqual(problems, [], `English left on Hebrew pages:\n${problems.join("\n")}`);
});

test("signed out, the sign-in page follows the browser's language, and the switch remembers a choice", async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "he-IL" });
  const page = await context.newPage();
  const watch = watchPage(page);
  await page.goto(`${app.url}/login`);
  assert.deepEqual(await page.evaluate(() => [document.documentElement.lang, document.documentElement.dir]), ["he", "rtl"]);
  assert.deepEqual(await untranslatedText(page), []);
  await page.screenshot({ path: path.join(ARTIFACTS, "he-login.png"), fullPage: true });

  await page.locator("select").filter({ has: page.locator('option[value="en"]') }).selectOption("en");
  await waitFor("the page to speak English", async () => (await page.evaluate(() => document.documentElement.lang)) === "en");
  await page.reload();
  assert.deepEqual(await page.evaluate(() => [document.documentElement.lang, document.documentElement.dir]), ["en", "ltr"], "the choice outlives a reload");
  watch.assertClean("/login");
  await context.close();
});

test("a person's language follows them: chosen in the shell, saved on their account, used on the next sign-in", async () => {
  const { page, watch } = await signedIn("en");
  await tdb.sql`update users set locale = null where id = ${admin.user.id}`;
  await page.locator("aside select").filter({ has: page.locator('option[value="he"]') }).first().selectOption("he");
  await waitFor("the shell to speak Hebrew", async () => (await page.evaluate(() => document.documentElement.dir)) === "rtl");
  assert.equal((await tdb.sql`select locale from users where id = ${admin.user.id}`)[0].locale, "he");
  watch.assertClean("switching language");
  await page.close();
});

// The main path, once per language, found by the words each language's message files give it.
for (const locale of LOCALES) {
  test(`the main path in ${LOCALE_NAMES[locale]}: sign in, test a mailbox, correct a document's vendor, choose its category, sign out`, async () => {
    const t = createTranslator({ locale, messages: MESSAGES[locale] });
    const { page, watch } = await signedIn(locale);
    assert.equal(await page.evaluate(() => document.documentElement.lang), locale);

    await page.getByRole("link", { name: t("shell.nav.accounts"), exact: true }).click();
    await page.getByRole("link", { name: "billing@acme.test" }).first().click();
    await page.waitForURL(`${app.url}/accounts/${accountId}`);
    await page.getByRole("button", { name: t("accounts.test.button") }).first().click();
    // "Connection works." or "Connection works: INBOX opened.": the words before the folder list.
    await page.getByText(t.raw("accounts.test.worksWithFolders").split("<folders>")[0].trim()).first().waitFor();
    watch.assertClean(`${locale}: the mailbox page`);

    await page.getByRole("link", { name: t("shell.nav.documents"), exact: true }).click();
    await page.getByRole("link", { name: "en-acme-classic.pdf" }).first().click();
    await page.waitForURL(`${app.url}/documents/${docs.english}`);
    const vendorLabel = t("documents.fieldLabels.vendor");
    await page.getByRole("button", { name: new RegExp(`^${escape(t("documents.fields.editField", { field: vendorLabel }))}`) }).click();
    const vendor = `Acme Supplies (${locale})`;
    await page.getByLabel(new RegExp(`^${escape(vendorLabel)}`)).fill(vendor);
    await page.keyboard.press("Enter");
    await waitFor("the corrected vendor to be saved", async () => {
      const [row] = await tdb.sql`select corrections from documents where id = ${docs.english}`;
      return row.corrections?.fields?.vendor?.value === vendor;
    });
    await page.getByRole("status").filter({ hasText: t("documents.fields.savedOne", { field: "" }).split(" ")[0] }).first().waitFor();

    const category = locale === "he" ? "חשמל" : "Utilities";
    await page.getByLabel(t("documents.category.change")).selectOption({ label: category });
    await page.locator("section", { has: page.getByRole("heading", { name: t("documents.category.title") }) }).getByRole("button", { name: t("common.actions.save") }).click();
    await waitFor("the chosen category to be saved", async () => {
      const [row] = await tdb.sql`select c.name from documents d join categories c on c.id = d.category_id where d.id = ${docs.english}`;
      return row?.name === category;
    });
    watch.assertClean(`${locale}: the document page`);

    await page.getByRole("button", { name: t("shell.signOut") }).first().click();
    await page.waitForURL(/\/login/);
    assert.equal(await page.evaluate(() => document.documentElement.lang), locale, "signed out, the sign-in page keeps the person's language");
    watch.assertClean(`${locale}: signing out`);
    await page.close();
  });
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
