import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { Browser } from "playwright-core";
import { generateKey } from "@/lib/crypto/secrets";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { makeUser } from "../support/factories";
import { startWebApp, type RunningApp } from "../support/app";
import { launchBrowser } from "../support/browser";
import { googleEnv, startFakeGoogle, type FakeGoogle } from "../support/google";
import { untranslatedText } from "../support/untranslated";

const key = generateKey();
let tdb: TestDatabase;
let dataDir: string;
let google: FakeGoogle;
let app: RunningApp;
let browser: Browser;
let admin: Awaited<ReturnType<typeof makeUser>>;

before(async () => {
  [tdb, dataDir, google] = await Promise.all([createTestDatabase(), mkdtemp(path.join(os.tmpdir(), "mailroom-e2e-gmail-")), startFakeGoogle()]);
  admin = await makeUser(tdb.db, { company: "Gmail Books", role: "admin" });
  const { PUBLIC_URL: _, ...gmail } = googleEnv(google, "http://unused.test");
  app = await startWebApp({ databaseUrl: tdb.url, dataDir, encryptionKey: key, env: gmail });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await app?.stop();
  await google?.close();
  await tdb?.drop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

test("an admin clicks Connect Gmail, passes Google's consent page and lands on the new mailbox's page; saying no offers to try again", async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.setDefaultTimeout(20_000);
  await page.goto(`${app.url}/login`);
  await page.getByLabel("Email").fill(admin.user.email);
  await page.getByLabel("Password").fill("correct horse battery");
  await page.keyboard.press("Enter");
  await page.waitForURL(`${app.url}/`);

  google.consent({ email: "receipts@gmail.test" });
  await page.goto(`${app.url}/accounts`);
  await page.getByRole("link", { name: "Connect Gmail" }).first().click();
  await page.waitForURL(/\/accounts\/[0-9a-f-]{36}\?gmail=connected$/);
  await page.getByRole("heading", { name: "receipts@gmail.test" }).waitFor();
  await page.getByRole("status").filter({ hasText: "Gmail is connected." }).waitFor();
  const [account] = await tdb.sql`select id, provider, email from mail_accounts where company_id = ${admin.companyId}`;
  assert.equal(page.url(), `${app.url}/accounts/${account.id}?gmail=connected`);
  assert.deepEqual({ ...account, id: undefined }, { id: undefined, provider: "gmail", email: "receipts@gmail.test" });

  google.consent("deny");
  await page.goto(`${app.url}/accounts`);
  await page.getByRole("link", { name: "Connect Gmail" }).first().click();
  await page.waitForURL(`${app.url}/accounts/gmail-connect?error=access_denied`);
  await page.getByText("Access was not allowed at Google").waitFor();
  google.consent({ email: "receipts@gmail.test" });
  await page.getByRole("link", { name: "Try again" }).click();
  await page.waitForURL(`${app.url}/accounts/${account.id}?gmail=reconnected`);
  await page.getByText("Gmail is reconnected").waitFor();
  assert.equal((await tdb.sql`select count(*)::int as n from mail_accounts where company_id = ${admin.companyId}`)[0].n, 1);
});

test("in Hebrew the Gmail pages have no English of their own left", async () => {
  await tdb.sql`update users set locale = 'he' where id = ${admin.user.id}`;
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "he-IL" });
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  await page.goto(`${app.url}/login`);
  await page.locator('input[name="email"]').fill(admin.user.email);
  await page.locator('input[name="password"]').fill("correct horse battery");
  await page.keyboard.press("Enter");
  await page.waitForURL(`${app.url}/`);
  const [account] = await tdb.sql`select id from mail_accounts where company_id = ${admin.companyId} and provider = 'gmail'`;
  await tdb.sql`update mail_accounts set status = 'needs_reconnect' where id = ${account.id}`;
  const problems: string[] = [];
  for (const where of ["/accounts", `/accounts/${account.id}?gmail=connected`, "/accounts/gmail-connect?error=no_refresh_token", "/accounts/gmail-connect?error=not_configured"]) {
    await page.goto(`${app.url}${where}`);
    await page.locator("main").waitFor();
    for (const text of await untranslatedText(page)) problems.push(`${where}: ${text}`);
  }
  await page.getByText("Gmail לא הוגדר בשרת הזה").waitFor();
  await context.close();
  assert.deepEqual(problems, []);
});
