import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { waitFor } from "../support/wait";
import { generateKey } from "@/lib/crypto/secrets";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { startDovecot, type Dovecot } from "../support/dovecot";
import { buildMessage, makePdf, makePng } from "../support/mime";
import { startTestWorker } from "../support/worker";
import { startWebApp, type RunningApp } from "../support/app";
import { launchBrowser } from "../support/browser";

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

test("a person sets Mailroom up, signs in, adds a mailbox, tests it, and sees its documents", async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.setDefaultTimeout(20_000);

  await page.goto(app.url);
  await page.waitForURL(/\/setup$/);
  await page.getByLabel("Company name").fill("Acme Books");
  await page.getByLabel("Your name").fill("Dana Levi");
  await page.getByLabel("Email").fill("dana@acme.test");
  await page.getByLabel("Password").fill("a long password");
  await page.keyboard.press("Enter");
  await page.waitForURL(`${app.url}/`);
  await page.getByRole("link", { name: /add a mailbox/i }).first().waitFor();

  // Sign out and back in, with a wrong password first.
  await page.getByRole("button", { name: "Sign out" }).click();
  await page.waitForURL(/\/login/);
  await page.getByLabel("Email").fill("dana@acme.test");
  await page.getByLabel("Password").fill("wrong password");
  await page.keyboard.press("Enter");
  await page.getByText("Wrong email or password").waitFor();
  await page.getByLabel("Password").fill("a long password");
  await page.keyboard.press("Enter");
  await page.waitForURL(`${app.url}/`);

  await page.goto(`${app.url}/accounts/new`);
  await page.getByLabel("Email address").fill("billing@acme.test");
  await page.getByLabel("IMAP server").fill(dovecot.host);
  await page.getByLabel("Security").selectOption("none");
  await page.getByLabel("Port").fill(String(dovecot.port));
  await page.getByLabel("Username").fill("billing");
  await page.getByLabel("Password").fill("imap-pass");
  await page.getByRole("button", { name: /save|add/i }).last().click();
  await page.waitForURL(/\/accounts\/[0-9a-f-]{36}$/);

  await page.getByRole("button", { name: "Test connection" }).first().click();
  await page.getByText(/Connection works/).first().waitFor();
  await page.getByRole("button", { name: "Fetch now" }).first().click();
  await page.getByText(/Queued|Already queued/).first().waitFor();

  // The worker fetches in the background; the list shows both documents.
  const deadline = Date.now() + 60_000;
  for (;;) {
    await page.goto(`${app.url}/documents`);
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
  await shot(page, "document");

  await page.goto(`${app.url}/accounts`);
  await page.getByText("billing@acme.test").first().waitFor();
  await shot(page, "accounts");
  await page.close();
});

async function signIn(page: Page) {
  await page.goto(`${app.url}/login`);
  await page.getByLabel("Email").fill("dana@acme.test");
  await page.getByLabel("Password").fill("a long password");
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
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.setDefaultTimeout(20_000);
  await signIn(page);

  await page.goto(`${app.url}/review?tab=category`);
  await page.getByText("No categories yet").waitFor();
  await page.getByRole("link", { name: "Create categories" }).click();
  await page.waitForURL(/\/settings\/categories$/);
  for (const name of ["Office", "Receipts"]) {
    await page.getByLabel("New category").fill(name);
    await page.keyboard.press("Enter");
    await page.getByRole("cell", { name }).first().waitFor();
  }

  // Nothing has been learned yet, so both completed documents wait for a person.
  await page.goto(`${app.url}/review?tab=category`);
  await page.getByText("2 documents without a category").waitFor();
  // The navigation counts both lists: one document's fields to check, two categories to choose.
  await page.getByRole("link", { name: /^Review\W+3 waiting$/ }).waitFor();
  await shot(page, "review-category");
  const row = page.getByRole("row").filter({ hasText: "invoice-1042.pdf" });
  await row.getByLabel(/Category for/).selectOption({ label: "Office" });
  await row.getByRole("button", { name: "Save" }).click();
  await page.getByText("1 document without a category").waitFor();
  assert.deepEqual(await categoryOf("invoice-1042.pdf"), ["Office", "person"]);

  // The other one from its own page: the card says why it has no category, and saving changes it.
  await page.getByRole("link", { name: "קבלה-77.png" }).click();
  await page.waitForURL(/\/documents\/[0-9a-f-]{36}$/);
  await page.getByText("No rule matched").waitFor();
  await page.getByLabel("Change the category").selectOption({ label: "Receipts" });
  await page.getByRole("button", { name: "Save" }).click();
  await page.getByText("Chosen by a person").waitFor();
  assert.deepEqual(await categoryOf("קבלה-77.png"), ["Receipts", "person"]);
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

  await page.goto(`${app.url}/review?tab=category`);
  await page.getByText("Every document has a category").waitFor();
  await page.goto(app.url);
  await page.getByRole("link", { name: "1 to check" }).waitFor();
  await shot(page, "dashboard");
  await page.getByRole("link", { name: /^Review\W+1 waiting$/ }).waitFor();
  await page.close();
});
