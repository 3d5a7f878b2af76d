import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { Browser, BrowserContextOptions, Page } from "playwright-core";
import { waitFor } from "../support/wait";
import { generateKey } from "@/lib/crypto/secrets";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { startDovecot, type Dovecot } from "../support/dovecot";
import { buildMessage, makePdf, makePng } from "../support/mime";
import { startTestWorker } from "../support/worker";
import { startWebApp, type RunningApp } from "../support/app";
import { launchBrowser, watchPage, type PageWatch } from "../support/browser";

const ARTIFACTS = path.resolve(__dirname, "../.artifacts");
const key = generateKey();
let tdb: TestDatabase;
let dovecot: Dovecot;
let dataDir: string;
let app: RunningApp;
let worker: Awaited<ReturnType<typeof startTestWorker>>;
let browser: Browser;

before(async () => {
  [tdb, dovecot, dataDir] = await Promise.all([createTestDatabase(), startDovecot({ users: [{ name: "billing", password: "imap-pass" }] }), mkdtemp(path.join(os.tmpdir(), "mailroom-e2e-"))]);
  await dovecot.append(
    "billing",
    "INBOX",
    buildMessage({ from: "Acme <ar@acme.test>", subject: "Invoice 1042", attachments: [{ filename: "invoice-1042.pdf", contentType: "application/pdf", content: makePdf("Invoice 1042 Total 118.00") }] }),
  );
  await dovecot.append(
    "billing",
    "INBOX",
    buildMessage({ from: "ספק <ap@supplier.co.il>", subject: "קבלה 77", attachments: [{ filename: "קבלה-77.png", contentType: "image/png", content: makePng({ seed: 3 }) }] }),
  );
  worker = await startTestWorker({ databaseUrl: tdb.url, dataDir, encryptionKey: key });
  app = await startWebApp({ databaseUrl: tdb.url, dataDir, encryptionKey: key });
  browser = await launchBrowser();
  await mkdir(ARTIFACTS, { recursive: true });
});

after(async () => {
  await browser?.close();
  await app?.stop();
  await worker?.stop();
  await dovecot?.dispose();
  await tdb?.drop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

const shot = (page: Page, name: string) => page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });

/** A new page whose console, page errors and failed requests are watched; each visit ends with `watch.assertClean`. */
async function openPage(options: BrowserContextOptions & { clockSkewMs?: number } = {}): Promise<{ page: Page; watch: PageWatch }> {
  const { clockSkewMs, ...contextOptions } = options;
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...contextOptions });
  if (clockSkewMs) await context.clock.install({ time: Date.now() + clockSkewMs });
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  page.on("close", () => context.close().catch(() => {}));
  return { page, watch: watchPage(page) };
}

/** Opens a path and waits until the page has loaded and hydrated, with nothing wrong in the console. */
async function visit(page: Page, watch: PageWatch, pathname: string, expected: RegExp[] = []) {
  await page.goto(`${app.url}${pathname}`);
  await page.waitForLoadState("networkidle");
  watch.assertClean(pathname, expected);
}

// Playwright's fake clock is a script it puts in every frame; the email preview's sandboxed frame
// (no scripts, by design) refuses it, and Chromium logs that. The page itself runs no script there.
const CLOCK_IN_SANDBOX = /Blocked script execution in 'about:srcdoc'/;

const accountRows = () => tdb.sql`select id, email, status, port from mail_accounts order by created_at`;

test("a person sets Mailroom up, signs in, adds a mailbox (saving tests it), and sees its documents", async () => {
  const { page, watch } = await openPage();

  await page.goto(app.url);
  await page.waitForURL(/\/setup$/);
  await page.getByLabel("Company name").fill("Acme Books");
  await page.getByLabel("Your name").fill("Dana Levi");
  await page.getByLabel("Email").fill("dana@acme.test");
  await page.getByLabel("Password").fill("a long password");
  await page.keyboard.press("Enter");
  await page.waitForURL(`${app.url}/`);
  await page.getByRole("link", { name: /add a mailbox/i }).first().waitFor();
  watch.assertClean("setup and the first dashboard");

  // Sign out and back in, with a wrong password first: its 401 is the one problem expected.
  await page.getByRole("button", { name: "Sign out" }).click();
  await page.waitForURL(/\/login/);
  await page.getByLabel("Email").fill("dana@acme.test");
  await page.getByLabel("Password").fill("wrong password");
  await page.keyboard.press("Enter");
  await page.getByText("Wrong email or password").waitFor();
  watch.assertClean("a wrong password", [/401/]);
  await page.getByLabel("Password").fill("a long password");
  await page.keyboard.press("Enter");
  await page.waitForURL(`${app.url}/`);
  watch.assertClean("signing in");

  // Saving with a wrong password keeps the mailbox and says what to do next.
  await visit(page, watch, "/accounts/new");
  await page.getByLabel("Email address").fill("billing@acme.test");
  await page.getByLabel("IMAP server").fill(dovecot.host);
  await page.getByLabel("Security").selectOption("none");
  await page.getByLabel("Port").fill(String(dovecot.port));
  await page.getByLabel("Username").fill("billing");
  await page.getByLabel("Password").fill("not-the-password");
  await page.getByRole("button", { name: "Add mailbox" }).click();
  await page.getByText("Mailbox saved.").waitFor();
  await page.getByText(/Check the username and password/).waitFor();
  await page.waitForURL(/\/accounts\/[0-9a-f-]{36}\/edit$/);
  assert.deepEqual((await accountRows()).map((r) => [r.email, r.status]), [["billing@acme.test", "auth_error"]]);
  await shot(page, "account-saved-test-failed");

  // The right password, saved from the same form, changes that mailbox (no second one) and connects.
  await page.getByLabel("Password").fill("imap-pass");
  await page.getByRole("button", { name: "Save changes" }).click();
  await page.getByText(/Connection works/).waitFor();
  assert.deepEqual((await accountRows()).map((r) => [r.email, r.status]), [["billing@acme.test", "ok"]]);
  watch.assertClean("adding the mailbox");
  await page.getByRole("link", { name: "Open the mailbox" }).click();
  await page.waitForURL(/\/accounts\/[0-9a-f-]{36}$/);
  await page.getByText("OK", { exact: true }).first().waitFor();

  await page.getByRole("button", { name: "Test connection" }).first().click();
  await page.getByText(/Connection works/).first().waitFor();
  await page.getByRole("button", { name: "Fetch now" }).first().click();
  await page.getByText(/Queued|Already queued/).first().waitFor();
  watch.assertClean("the mailbox page");

  // The worker fetches in the background; the list shows both documents.
  const deadline = Date.now() + 60_000;
  for (;;) {
    await visit(page, watch, "/documents");
    if ((await page.getByRole("link", { name: "invoice-1042.pdf" }).count()) > 0 && (await page.getByRole("link", { name: "קבלה-77.png" }).count()) > 0) break;
    assert.ok(Date.now() < deadline, "documents did not appear within a minute");
    await page.waitForTimeout(1000);
  }
  await shot(page, "documents");

  await page.getByRole("link", { name: "invoice-1042.pdf" }).click();
  await page.waitForURL(/\/documents\/[0-9a-f-]{36}$/);
  await page.getByText("Invoice 1042").first().waitFor();
  await page.getByText("ar@acme.test").first().waitFor();
  const download = page.getByRole("link", { name: "Download" });
  const href = await download.getAttribute("href");
  assert.ok(href);
  const file = await page.request.get(new URL(href!, app.url).toString());
  assert.equal(file.status(), 200);
  assert.equal(file.headers()["content-type"], "application/pdf");
  assert.ok((await file.body()).subarray(0, 5).toString() === "%PDF-");
  watch.assertClean("a document");
  await shot(page, "document");

  await visit(page, watch, "/accounts");
  await page.getByText("billing@acme.test").first().waitFor();
  await shot(page, "accounts");
  await page.close();
});

test("a mailbox added through the API says not checked yet; its edit form asks for the password when the server or login changes", async () => {
  const { page, watch } = await openPage();
  await signIn(page);
  const created = await page.request.post(`${app.url}/api/accounts`, {
    headers: { origin: app.url },
    data: { email: "spare@acme.test", host: dovecot.host, port: dovecot.port, security: "none", username: "billing", password: "imap-pass" },
  });
  assert.equal(created.status(), 201, await created.text());
  const spare = (await created.json()) as { id: string; status: string };
  assert.equal(spare.status, "unchecked");

  await visit(page, watch, "/accounts");
  await page.getByRole("row").filter({ hasText: "spare@acme.test" }).getByText("Not checked yet").waitFor();
  await visit(page, watch, "/");
  await page.getByText("all fine").waitFor();
  await visit(page, watch, `/accounts/${spare.id}`);
  await page.getByText("Not checked yet").first().waitFor();

  await visit(page, watch, `/accounts/${spare.id}/edit`);
  const password = page.getByLabel("Password");
  const required = () => password.evaluate((el) => (el as HTMLInputElement).required);
  assert.equal(await required(), false, "an unchanged server keeps the saved password");
  await page.getByLabel("Fetch every (seconds)").fill("600");
  assert.equal(await required(), false, "other settings keep the saved password");
  for (const [label, other, back] of [
    ["IMAP server", "mail.elsewhere.test", dovecot.host],
    ["Port", "1143", String(dovecot.port)],
    ["Username", "someone-else", "billing"],
  ] as const) {
    await page.getByLabel(label).fill(other);
    assert.equal(await required(), true, `changing ${label} asks for the password`);
    await page.getByText(/enter the password again/).waitFor();
    await page.getByLabel(label).fill(back);
    assert.equal(await required(), false, `${label} back as saved`);
  }
  await page.getByLabel("Security").selectOption("tls");
  assert.equal(await required(), true, "changing Security asks for the password");
  await page.getByLabel("Security").selectOption("none");
  watch.assertClean("the edit form");

  // The server keeps the rule too: a new port without the password is refused beside the field, and the account keeps its port.
  await page.getByLabel("Port").fill("1143");
  await password.evaluate((el) => el.removeAttribute("required"));
  await page.getByRole("button", { name: "Save changes" }).click();
  await page.locator("#f-password-error").waitFor();
  assert.equal((await accountRows()).find((r) => r.email === "spare@acme.test")?.port, dovecot.port);
  watch.assertClean("the edit form's 422 beside the password", [/422/]);

  // A 422 naming the password lands beside the password field (the browser's own check is bypassed to reach the server).
  await visit(page, watch, "/accounts/new");
  await page.getByLabel("Email address").fill("nopass@acme.test");
  await page.getByLabel("IMAP server").fill(dovecot.host);
  await password.evaluate((el) => el.removeAttribute("required"));
  await page.getByRole("button", { name: "Add mailbox" }).click();
  await page.locator("#f-password-error").waitFor();
  assert.equal(await password.getAttribute("aria-invalid"), "true");
  assert.equal((await accountRows()).filter((r) => r.email === "nopass@acme.test").length, 0);
  watch.assertClean("a 422 beside the password", [/422/]);
  await page.close();
});

async function signIn(page: Page) {
  await page.goto(`${app.url}/login`);
  // By the fields' ids: a browser asking for Hebrew gets the sign-in page in Hebrew.
  await page.locator("#f-email").fill("dana@acme.test");
  await page.locator("#f-password").fill("a long password");
  await page.keyboard.press("Enter");
  await page.waitForURL(`${app.url}/`);
}

const categoryOf = async (filename: string) => {
  const [row] = await tdb.sql`select c.name, d.category_source from documents d left join categories c on c.id = d.category_id where d.filename = ${filename}`;
  return [row.name, row.category_source];
};

test("a person creates categories, sorts documents from the Review page and the document page, and filters by category", async () => {
  await waitFor("both documents to be read", async () => {
    const rows = await tdb.sql`select status from documents`;
    return rows.length === 2 && rows.every((r) => r.status === "completed");
  }, { timeoutMs: 120_000, intervalMs: 250 });
  const { page, watch } = await openPage();
  await signIn(page);

  await visit(page, watch, "/review?tab=category");
  await page.getByText("No categories yet").waitFor();
  await page.getByRole("link", { name: "Create categories" }).click();
  await page.waitForURL(/\/settings\/categories$/);
  for (const name of ["Office", "Receipts"]) {
    await page.getByLabel("New category").fill(name);
    await page.keyboard.press("Enter");
    await page.getByRole("cell", { name }).first().waitFor();
  }
  watch.assertClean("creating categories");

  // Nothing has been learned yet, so both completed documents wait for a person.
  await page.goto(`${app.url}/review?tab=category`);
  await page.getByText("2 documents without a category").waitFor();
  // The navigation counts every list: one document's fields to check, two categories to choose, and
  // the emails triage left for a person (every email, with no triage rules yet).
  const stats = await page.evaluate(async () => (await fetch("/api/stats")).json());
  assert.equal(stats.documents_needing_review + stats.documents_awaiting_category, 3);
  await page.getByRole("link", { name: new RegExp(`^Review\\W+${3 + stats.emails_awaiting_review} waiting$`) }).waitFor();
  await shot(page, "review-category");
  const row = page.getByRole("row").filter({ hasText: "invoice-1042.pdf" });
  await row.getByLabel(/Category for/).selectOption({ label: "Office" });
  await row.getByRole("button", { name: "Save" }).click();
  await page.getByText("1 document without a category").waitFor();
  assert.deepEqual(await categoryOf("invoice-1042.pdf"), ["Office", "person"]);
  watch.assertClean("choosing a category on the Review page");

  // The other one from its own page: the card says why it has no category, and saving changes it.
  await page.getByRole("link", { name: "קבלה-77.png" }).click();
  await page.waitForURL(/\/documents\/[0-9a-f-]{36}$/);
  await page.getByText("No rule matched").waitFor();
  await page.getByLabel("Change the category").selectOption({ label: "Receipts" });
  await page.getByRole("button", { name: "Save" }).click();
  await page.getByText("Chosen by a person").waitFor();
  assert.deepEqual(await categoryOf("קבלה-77.png"), ["Receipts", "person"]);
  watch.assertClean("choosing a category on the document page");
  await shot(page, "document-category");

  // The list shows each document's category and filters by it.
  await page.goto(`${app.url}/documents`);
  await page.getByLabel("Category", { exact: true }).selectOption({ label: "Office" });
  await page.getByRole("button", { name: "Filter" }).click();
  await page.waitForURL(/category_id=/);
  await page.getByRole("link", { name: "invoice-1042.pdf" }).waitFor();
  assert.equal(await page.getByRole("link", { name: "קבלה-77.png" }).count(), 0);
  await page.getByLabel("Sort by").selectOption({ label: "Highest total" });
  await page.getByRole("button", { name: "Filter" }).click();
  await page.waitForURL(/sort=total_desc/);
  await page.getByRole("link", { name: "invoice-1042.pdf" }).waitFor();
  await shot(page, "documents-by-category");
  watch.assertClean("filtering documents");

  await page.goto(`${app.url}/review?tab=category`);
  await page.getByText("Every document has a category").waitFor();
  await page.goto(app.url);
  await page.getByRole("link", { name: "1 to check" }).waitFor();
  await shot(page, "dashboard");
  // One document to check, and the emails triage left for a person.
  await page.getByRole("link", { name: new RegExp(`^Review\\W+${1 + stats.emails_awaiting_review} waiting$`) }).waitFor();
  watch.assertClean("the dashboard");
  await page.close();
});

/** Every page of the app, for a signed-in admin, with ids from the data the tests above made. */
async function everyPage(): Promise<string[]> {
  const [account] = await tdb.sql`select id from mail_accounts where email = 'billing@acme.test'`;
  const [doc] = await tdb.sql`select id from documents where filename = 'invoice-1042.pdf'`;
  return ["/", "/accounts", "/accounts/new", `/accounts/${account.id}`, `/accounts/${account.id}/edit`, "/documents", `/documents/${doc.id}`, "/review", "/review?tab=category", "/settings", "/settings/categories"];
}

test("no page logs an error, even for a reader whose clock is five minutes off and who lives in another time zone", async () => {
  // Times written by the server and again by the hydrating browser differed: React error #418 on the dashboards.
  const { page, watch } = await openPage({ timezoneId: "Asia/Jerusalem", locale: "he-IL", clockSkewMs: 5 * 60_000 });
  await signIn(page);
  for (const pathname of await everyPage()) await visit(page, watch, pathname, [CLOCK_IN_SANDBOX]);
  // Once running in the browser, times are the reader's: relative on the dashboard, local in the lists.
  await visit(page, watch, "/");
  await page.getByText(/minutes? ago|just now|לפני \d+ דקות|לפני דקה|עכשיו/).first().waitFor();
  await page.close();
});

test("on a phone no page scrolls sideways", async () => {
  const { page, watch } = await openPage({ viewport: { width: 390, height: 844 } });
  await signIn(page);
  for (const pathname of await everyPage()) {
    await visit(page, watch, pathname);
    const size = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, width: document.documentElement.clientWidth }));
    assert.ok(size.scroll <= size.width, `${pathname} scrolls sideways on a phone: ${size.scroll} px wide in ${size.width}`);
  }
  await page.close();
});

test("on a phone the documents list is a list of cards, with nothing in it scrolling sideways", async () => {
  const { page, watch } = await openPage({ viewport: { width: 390, height: 844 } });
  await signIn(page);
  await visit(page, watch, "/documents");
  const sideways = await page.evaluate(() =>
    Array.from(document.querySelectorAll("main *"))
      .filter((el) => el.scrollWidth > el.clientWidth + 1 && ["auto", "scroll"].includes(getComputedStyle(el).overflowX))
      .map((el) => `${el.tagName.toLowerCase()} ${el.scrollWidth} px in ${el.clientWidth}`),
  );
  assert.deepEqual(sideways, [], "nothing in the documents list scrolls sideways");
  assert.equal(await page.getByRole("columnheader", { name: "Vendor" }).count(), 0, "no table header on a phone");
  for (const name of ["invoice-1042.pdf", "קבלה-77.png"]) {
    const card = await page.getByRole("link", { name }).locator("xpath=ancestor::tr").boundingBox();
    assert.ok(card && card.x >= 0 && card.x + card.width <= 390, `${name} is a card within the screen`);
  }
  await page.screenshot({ path: path.join(ARTIFACTS, "documents-phone.png") });
  await page.close();
});

test("on a laptop the sidebar runs the full height of a long page, its links in view at the bottom", async () => {
  const { page, watch } = await openPage({ viewport: { width: 1280, height: 700 } });
  await signIn(page);
  for (const pathname of (await everyPage()).filter((p) => p === "/accounts/new" || /^\/(documents\/|accounts\/.+\/edit)/.test(p))) {
    await visit(page, watch, pathname);
    const m = await page.evaluate(() => {
      window.scrollTo(0, document.documentElement.scrollHeight);
      const aside = document.querySelector("aside")!.getBoundingClientRect();
      const signOut = Array.from(document.querySelectorAll("aside button")).find((b) => b.textContent === "Sign out" && b.getClientRects().length > 0)!.getBoundingClientRect();
      return { scrollY: window.scrollY, height: window.innerHeight, top: aside.top, bottom: aside.bottom, signOutTop: signOut.top, signOutBottom: signOut.bottom };
    });
    assert.ok(m.scrollY > 100, `${pathname} is longer than the window`);
    assert.ok(Math.abs(m.top + m.scrollY) <= 1 && Math.abs(m.bottom - m.height) <= 1, `${pathname}: the sidebar spans the page, top to bottom (${JSON.stringify(m)})`);
    assert.ok(m.signOutTop >= 0 && m.signOutBottom <= m.height, `${pathname}: the sidebar's contents stay in view at the bottom of the page`);
  }
  await shot(page, "account-edit-laptop");
  await page.close();
});
