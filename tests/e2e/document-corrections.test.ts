import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { generateKey } from "@/lib/crypto/secrets";
import { documents } from "@/lib/db/schema/documents";
import { checkExtraction } from "@/lib/extract/checks";
import type { Extraction } from "@/lib/extract/types";
import { createStorage } from "@/lib/storage/storage";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { makeUser } from "../support/factories";
import { makePdf } from "../support/mime";
import { startWebApp, type RunningApp } from "../support/app";
import { launchBrowser, watchPage } from "../support/browser";

// Screenshots of the documents pages in both languages (set SHOTS to keep them elsewhere).
const SHOTS = process.env.SHOTS ?? path.resolve(__dirname, "../.artifacts");
const key = generateKey();
let tdb: TestDatabase;
let dataDir: string;
let app: RunningApp;
let browser: Browser;
let login: { email: string; password: string };
let invoiceId: string;

const extraction: Extraction = {
  fields: {
    document_type: { value: "invoice", confidence: 0.9, source: "rules" },
    vendor: { value: "חברת החשמל לישראל", confidence: 0.7, source: "rules" },
    number: { value: "1042", confidence: 0.95, source: "rules" },
    issue_date: { value: "2025-03-12", confidence: 0.9, source: "rules" },
    currency: { value: "ILS", confidence: 0.9, source: "rules" },
    subtotal: { value: 100, confidence: 0.8, source: "rules" },
    tax: { value: 18, confidence: 0.8, source: "rules" },
    total: { value: 120, confidence: 0.4, source: "rules" },
  },
  line_items: [
    { description: "חשמל, מרץ", quantity: 1, unit_price: 80, amount: 80 },
    { description: "Meter rent", quantity: 2, unit_price: 5, amount: null },
  ],
  summary: "חשבונית חשמל לחודש מרץ.",
};

before(async () => {
  [tdb, dataDir] = await Promise.all([createTestDatabase(), mkdtemp(path.join(os.tmpdir(), "mailroom-e2e-docs-"))]);
  const { user, companyId } = await makeUser(tdb.db, { company: "Acme Books" });
  login = { email: user.email, password: "correct horse battery" };
  const pdf = makePdf("Invoice 1042 Total 120.00");
  const sha256 = createHash("sha256").update(pdf).digest("hex");
  const storageType = await createStorage({ dataDir }).put(`test/${sha256}`, pdf);
  const checks = checkExtraction(extraction);
  const [row] = await tdb.db
    .insert(documents)
    .values({
      companyId,
      filename: "חשבונית-1042.pdf",
      contentType: "application/pdf",
      size: pdf.length,
      sha256,
      fileKey: `test/${sha256}`,
      storageType,
      status: "completed",
      processingStage: "all_completed",
      progressPercentage: 100,
      pageCount: 1,
      text: "חשבונית 1042\nסה״כ 120.00",
      textSource: "text-layer",
      fields: extraction.fields,
      lineItems: extraction.line_items,
      summary: extraction.summary,
      extractor: "rules",
      checks,
      needsReview: true,
      reviewReasons: checks.filter((c) => !c.ok).map((c) => c.message),
    })
    .returning();
  invoiceId = row.id;
  [app, browser] = await Promise.all([startWebApp({ databaseUrl: tdb.url, dataDir, encryptionKey: key }), launchBrowser(), mkdir(SHOTS, { recursive: true })]);
});

after(async () => {
  await Promise.all([browser?.close(), app?.stop()]);
  await Promise.all([tdb?.drop(), dataDir && rm(dataDir, { recursive: true, force: true })]);
});

async function signedIn(locale: "en" | "he" = "en"): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.addCookies([{ name: "mailroom_locale", value: locale, url: app.url }]);
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  page.on("close", () => context.close().catch(() => {}));
  await page.goto(`${app.url}/login`);
  await page.locator("input[type=email], input[name=email]").first().fill(login.email);
  await page.locator("input[type=password]").first().fill(login.password);
  await page.keyboard.press("Enter");
  await page.waitForURL(`${app.url}/`);
  return page;
}

const fieldsOf = async () => (await tdb.sql`select corrections, needs_review from documents where id = ${invoiceId}`)[0] as { corrections: { fields?: Record<string, { value: unknown }>; line_items?: { value: unknown[] } }; needs_review: boolean };

test("a person corrects one field in place: the schema refuses a bad value in the browser, Enter sends only what changed, and Escape cancels", async () => {
  const page = await signedIn();
  const watch = watchPage(page);
  await page.goto(`${app.url}/documents/${invoiceId}`);
  await page.getByText("Line items sum to ₪80.00 but the subtotal is ₪100.00 (off by -₪20.00)").waitFor();
  await page.getByRole("button", { name: /^Edit Total:/ }).click();
  const total = page.getByLabel(/^Total/);
  await page.waitForFunction(() => document.activeElement?.getAttribute("name") === "fields.total"); // the clicked field has the focus

  await page.getByLabel(/^Vendor/).fill("x".repeat(301));
  await page.keyboard.press("Enter");
  await page.getByText("must be at most 300 characters").waitFor();
  assert.equal((await fieldsOf()).corrections.fields, undefined, "nothing was sent");

  await page.getByLabel(/^Vendor/).fill("חברת החשמל לישראל");
  await total.fill("118");
  await total.press("Enter");
  await page.getByRole("status").getByText("Saved the total. Corrections are kept if the document is reprocessed.").waitFor();
  const saved = await fieldsOf();
  assert.deepEqual(Object.keys(saved.corrections.fields ?? {}), ["total"], "only the changed field became a correction");
  assert.equal(saved.corrections.fields?.total.value, 118);
  assert.equal(saved.needs_review, true, "a correction alone does not settle the review");
  await page.getByText("Machine read: ₪120.00", { exact: true }).waitFor();

  await page.getByRole("button", { name: "Edit", exact: true }).first().click();
  await page.getByLabel(/^Number/).fill("9999");
  await page.keyboard.press("Escape");
  assert.equal((await fieldsOf()).corrections.fields?.number, undefined, "Escape cancels");
  watch.assertClean("correcting fields");
  await page.close();
});

test("a person corrects the line items: a new row, Escape to cancel, Ctrl+Enter to save with empty rows dropped, and the sum compared with the subtotal", async () => {
  const page = await signedIn();
  const watch = watchPage(page);
  await page.goto(`${app.url}/documents/${invoiceId}`);
  const panel = page.locator("section", { has: page.getByRole("heading", { name: /^Line items/ }) });
  await panel.getByText("The sum is ₪10.00 less than the subtotal (₪100.00).").waitFor();
  await panel.getByRole("button", { name: "Edit" }).click();
  await panel.getByRole("button", { name: "+ Add row" }).click();
  await panel.getByLabel("Description, row 3").fill("Late fee");
  await panel.getByLabel("Amount, row 3").fill("10");
  await panel.getByRole("button", { name: "+ Add row" }).click();
  await panel.getByText(/The sum matches the subtotal/).waitFor();
  await page.screenshot({ path: path.join(SHOTS, "docs-line-items-editor-en.png"), fullPage: true });
  await panel.getByLabel("Amount, row 3").press("Control+Enter");
  await panel.getByRole("status").getByText("Saved 3 line items. Corrections are kept if the document is reprocessed.").waitFor();
  const saved = await fieldsOf();
  assert.deepEqual(saved.corrections.line_items?.value.at(-1), { description: "Late fee", quantity: null, unit_price: null, amount: 10 });

  await panel.getByRole("button", { name: "Edit" }).click();
  await panel.getByRole("button", { name: "Remove row 1" }).click();
  await page.waitForFunction(() => document.activeElement?.getAttribute("name") === "line_items.0.description"); // focus moves to the row now first
  await page.keyboard.press("Escape");
  await panel.getByText("חשמל, מרץ").waitFor();
  watch.assertClean("correcting line items");
  await page.close();
});

test("in Hebrew the documents pages read right to left with no English words, and Hebrew data keeps its direction", async () => {
  const page = await signedIn("he");
  const watch = watchPage(page);
  for (const [name, pathname] of [["docs-list", "/documents"], ["docs-document", `/documents/${invoiceId}`]] as const) {
    await page.goto(`${app.url}${pathname}`);
    await page.waitForLoadState("networkidle");
    assert.equal(await page.getAttribute("html", "dir"), "rtl");
    await page.screenshot({ path: path.join(SHOTS, `${name}-he.png`), fullPage: true });
    // User data (dir="auto", <bdi>), codes and key names are not interface words. Times and status
    // badges and the confirm dialog are the shell's components, translated in its change.
    const text = await page.locator("main").evaluate((main) => {
      const copy = main.cloneNode(true) as HTMLElement;
      copy.querySelectorAll('[dir="auto"], bdi, code, pre, kbd').forEach((el) => el.remove());
      copy.querySelectorAll("time, dialog").forEach((el) => el.remove());
      return copy.textContent ?? "";
    });
    const english = (text.match(/[A-Za-z]{3,}/g) ?? []).filter((w) => !/^(Mailroom|PDF|OCR|Gemini|SHA|ILS|UTC|Pending|Processing|Completed|Error)$/.test(w));
    assert.deepEqual(english, [], `${pathname} in Hebrew shows English`);
  }
  await page.getByRole("button", { name: "עריכה", exact: true }).first().click();
  await page.screenshot({ path: path.join(SHOTS, "docs-fields-editor-he.png"), fullPage: true });
  watch.assertClean("the documents pages in Hebrew");
  await page.close();

  const en = await signedIn();
  for (const [name, pathname] of [["docs-list", "/documents"], ["docs-document", `/documents/${invoiceId}`]] as const) {
    await en.goto(`${app.url}${pathname}`);
    await en.waitForLoadState("networkidle");
    await en.screenshot({ path: path.join(SHOTS, `${name}-en.png`), fullPage: true });
  }
  await en.close();
});
