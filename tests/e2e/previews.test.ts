import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { PgBoss } from "pg-boss";
import type { Browser, Locator, Page } from "playwright-core";
import { generateKey, parseKeyring } from "@/lib/crypto/secrets";
import { createStorage } from "@/lib/storage/storage";
import { storeMessages } from "@/lib/mail/store-messages";
import { BOSS_SCHEMA } from "@/lib/queue";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { makeImapAccount, makeUser } from "../support/factories";
import { makeTextPdf } from "../support/images";
import { buildMessage, makePng } from "../support/mime";
import { startWebApp, type RunningApp } from "../support/app";
import { launchBrowser, type PageWatch } from "../support/browser";
import { signedInPage } from "../support/e2e";

const SHOTS = "/tmp/shots";
const key = generateKey();
let tdb: TestDatabase;
let dataDir: string;
let app: RunningApp;
let browser: Browser;
let user: Awaited<ReturnType<typeof makeUser>>;
let docs: Record<string, string>;

const SEVEN_PAGES = makeTextPdf(
  Array.from({ length: 7 }, (_, i) => [`PAGE ${i + 1} OF 7`, "", "Northwind Trading Company", `Invoice 2041, sheet ${i + 1}`, "Printer paper A4     10 x 4.50 = 45.00"]),
  { fontSize: 28 },
);

before(async () => {
  [tdb, dataDir] = await Promise.all([createTestDatabase(), mkdtemp(path.join(os.tmpdir(), "mailroom-e2e-previews-"))]);
  user = await makeUser(tdb.db, { company: "Acme Books" });
  const account = await makeImapAccount(tdb.db, parseKeyring(key), user.companyId, { email: "billing@acme.test", host: "127.0.0.1", port: 1, password: "pw" });
  const boss = new PgBoss({ connectionString: tdb.url, schema: BOSS_SCHEMA, supervise: false, schedule: false });
  boss.on("error", () => {});
  await boss.start();
  const files = [
    { filename: "seven-pages.pdf", contentType: "application/pdf", content: SEVEN_PAGES },
    { filename: "receipt.png", contentType: "image/png", content: makePng({ width: 600, height: 900, seed: 5 }) },
    { filename: "broken.pdf", contentType: "application/pdf", content: Buffer.from("%PDF-1.7\nnot really a PDF at all\n") },
    { filename: "cleaned-up.pdf", contentType: "application/pdf", content: makeTextPdf([["Stored once"]]) },
  ];
  const raw = Buffer.from(buildMessage({ from: "Northwind <ar@northwind.test>", subject: "Invoice 2041", attachments: files }));
  await storeMessages({ db: tdb.db, boss, storage: createStorage({ dataDir }) }, { companyId: user.companyId, accountId: account.id, folder: "INBOX", uidValidity: 1 }, [{ uid: 1, raw }], { maxAttachmentBytes: 1e7, filters: {} });
  await boss.stop({ graceful: false, close: true });
  // As the pipeline leaves them (no worker runs here): read, with their pages counted.
  await tdb.sql`update documents set status = 'completed', processing_stage = 'all_completed', progress_percentage = 100,
    page_count = case filename when 'seven-pages.pdf' then 7 when 'receipt.png' then 1 else null end where company_id = ${user.companyId}`;
  await tdb.sql`update documents set status = 'error', error_reason = 'corrupt', error_message = 'the PDF is corrupt' where filename = 'broken.pdf'`;
  const rows = await tdb.sql`select id, filename, file_key from documents where company_id = ${user.companyId}`;
  docs = Object.fromEntries(rows.map((r) => [r.filename, r.id]));
  // Its file was removed by the retention clean-up; the row stays.
  await rm(path.join(dataDir, "files", rows.find((r) => r.filename === "cleaned-up.pdf")!.file_key));
  [app, browser] = await Promise.all([startWebApp({ databaseUrl: tdb.url, dataDir, encryptionKey: key }), launchBrowser()]);
  await mkdir(SHOTS, { recursive: true });
});

after(async () => {
  await browser?.close();
  await app?.stop();
  await tdb?.drop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

async function signIn(locale = "en-GB"): Promise<{ page: Page; watch: PageWatch }> {
  return signedInPage(browser, app.url, user.user, { locale });
}

/** Waits until the picture has arrived and decoded; answers its natural and rendered widths. */
async function loaded(img: Locator): Promise<{ natural: number; shown: number }> {
  await img.waitFor();
  const handle = await img.elementHandle();
  await img.page().waitForFunction((el) => el instanceof HTMLImageElement && el.complete && el.naturalWidth > 0 && el.getBoundingClientRect().width > 0, handle);
  return img.evaluate((el: HTMLImageElement) => ({ natural: el.naturalWidth, shown: el.getBoundingClientRect().width }));
}

const image = (page: Page, n: number) => page.getByRole("region", { name: "Preview" }).getByRole("img", { name: `Page ${n}`, exact: true });
const thumbOf = (page: Page, filename: string) => page.getByRole("row").filter({ hasText: filename }).getByRole("img", { name: "First page" });
const CLEANED_UP_THUMBNAIL = [/response 410: GET .*\/thumbnail$/, /Failed to load resource.*410.*\/thumbnail\)$/];
const shot = (page: Page, name: string) => page.screenshot({ path: path.join(SHOTS, `previews-${name}.png`) });

test("a seven-page PDF pages through by button, keyboard and strip, and zooms, with no PDF plugin", async () => {
  const { page, watch } = await signIn();
  await page.goto(`${app.url}/documents/${docs["seven-pages.pdf"]}`);
  const first = await loaded(image(page, 1));
  assert.equal(first.natural, 1200);
  await page.getByText("Page 1 of 7").waitFor();
  assert.equal(await page.locator("object, iframe").count(), 0, "no plugin frame");
  await shot(page, "document");

  await page.getByRole("button", { name: "Next page" }).click();
  await page.getByText("Page 2 of 7").waitFor();
  await loaded(image(page, 2));

  const view = page.getByRole("group", { name: "Page 2 of 7" });
  await view.focus();
  await page.keyboard.press("ArrowRight");
  await loaded(image(page, 3));
  await page.keyboard.press("ArrowLeft");
  const before = await loaded(image(page, 2));

  const viewer = page.getByRole("region", { name: "Preview" });
  await viewer.getByRole("button", { name: "Zoom in" }).click();
  await viewer.getByText("150%").waitFor();
  const zoomed = await loaded(image(page, 2));
  assert.ok(zoomed.shown > before.shown * 1.4, `zooming in widens the page (${before.shown} → ${zoomed.shown} px)`);
  await shot(page, "document-zoomed");
  await page.keyboard.press("-");
  await viewer.getByText("100%").waitFor();

  await page.getByRole("navigation", { name: "Pages" }).getByRole("button", { name: "Page 7" }).click();
  await loaded(image(page, 7));
  assert.equal(await page.getByRole("button", { name: "Next page" }).isDisabled(), true, "no page after the last");
  watch.assertClean("paging through the PDF");
});

test("an image opens zoomable; a broken PDF or a cleaned-up file says so and offers the original", async () => {
  const { page, watch } = await signIn();
  await page.goto(`${app.url}/documents/${docs["receipt.png"]}`);
  const img = image(page, 1);
  const fit = await loaded(img);
  assert.equal(fit.natural, 600);
  assert.equal(await page.getByRole("button", { name: "Next page" }).count(), 0, "one page: nothing to turn");
  await img.click();
  await page.getByRole("region", { name: "Preview" }).getByText("200%").waitFor();
  assert.ok((await loaded(img)).shown > fit.shown * 1.9, "a click zooms in");
  watch.assertClean("the image");

  // Processing found it corrupt: the viewer says so without asking for a picture that cannot be drawn.
  await page.goto(`${app.url}/documents/${docs["broken.pdf"]}`);
  await page.getByText("The preview could not be shown.").waitFor();
  const viewer = page.getByRole("region", { name: "Preview" });
  assert.equal(await viewer.getByRole("link", { name: "Download" }).getAttribute("href"), `/api/documents/${docs["broken.pdf"]}/file?download=1`);
  await shot(page, "broken");
  watch.assertClean("the broken PDF");

  await page.goto(`${app.url}/documents/${docs["cleaned-up.pdf"]}`);
  await page.getByText("The preview could not be shown.").waitFor();
  await viewer.getByRole("link", { name: "Open the original" }).waitFor();
  watch.assertClean("the cleaned-up file", [/response 410: GET .*\/pages\/1$/, /Failed to load resource.*410/]);
});

test("the documents list shows a loaded thumbnail per previewable row", async () => {
  const { page, watch } = await signIn();
  await page.goto(`${app.url}/documents`);
  const thumb = await loaded(thumbOf(page, "seven-pages.pdf"));
  assert.equal(thumb.natural, 160);
  assert.ok(thumb.shown <= 40, `small in the row (${thumb.shown} px)`);
  await loaded(thumbOf(page, "receipt.png"));
  assert.equal(await thumbOf(page, "broken.pdf").count(), 0, "a failed document shows the placeholder");
  assert.equal(await page.getByRole("row").filter({ hasText: "broken.pdf" }).getByTitle("No preview").count(), 1);
  // A file the clean-up removed cannot be drawn: its row falls back to the placeholder.
  await page.getByRole("row").filter({ hasText: "cleaned-up.pdf" }).getByTitle("No preview").waitFor();
  await shot(page, "list");
  watch.assertClean("the list", CLEANED_UP_THUMBNAIL);
});

test("in Hebrew the viewer reads right to left: the left arrow turns to the next page", async () => {
  const { page, watch } = await signIn("he-IL");
  await page.goto(`${app.url}/documents/${docs["seven-pages.pdf"]}`);
  await loaded(page.getByRole("img", { name: "עמוד 1", exact: true }));
  await page.getByRole("group", { name: "עמוד 1 מתוך 7" }).focus();
  await page.keyboard.press("ArrowLeft");
  await loaded(page.getByRole("img", { name: "עמוד 2", exact: true }));
  await page.getByText("עמוד 2 מתוך 7").waitFor();
  await shot(page, "document-he");
  await page.goto(`${app.url}/documents`);
  await loaded(page.getByRole("row").filter({ hasText: "seven-pages.pdf" }).getByRole("img", { name: "העמוד הראשון" }));
  await shot(page, "list-he");
  watch.assertClean("the viewer in Hebrew", CLEANED_UP_THUMBNAIL);
});
