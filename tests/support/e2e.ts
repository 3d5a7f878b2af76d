import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { Browser, BrowserContextOptions, Page } from "playwright-core";
import { generateKey } from "@/lib/crypto/secrets";
import { createTestDatabase, type TestDatabase } from "./db";
import { startWebApp, type RunningApp } from "./app";
import { launchBrowser, watchPage, type PageWatch } from "./browser";
import { USER_PASSWORD } from "./factories";

export type BrowserTest = { tdb: TestDatabase; dataDir: string; key: string; app: RunningApp; browser: Browser; stop(): Promise<void> };

/** The web app on a database and data folder of its own, and a browser to drive it: what an e2e test without the worker needs. */
/** `env` adds settings to the web app's (e.g. a stand-in Google's endpoints). */
export async function startBrowserTest(name: string, opts: { env?: Record<string, string> } = {}): Promise<BrowserTest> {
  const key = generateKey();
  const [tdb, dataDir] = await Promise.all([createTestDatabase(), mkdtemp(path.join(os.tmpdir(), `mailroom-e2e-${name}-`))]);
  const [app, browser] = await Promise.all([startWebApp({ databaseUrl: tdb.url, dataDir, encryptionKey: key, env: opts.env }), launchBrowser()]);
  return {
    tdb,
    dataDir,
    key,
    app,
    browser,
    async stop() {
      await browser.close();
      await app.stop();
      await tdb.drop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** A page in a browser context of its own (closed with the page), signed in through the login form, its console watched. */
export async function signedInPage(
  browser: Browser,
  appUrl: string,
  who: { email: string; password?: string },
  options: BrowserContextOptions = {},
): Promise<{ page: Page; watch: PageWatch }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...options });
  const page = await context.newPage();
  // Waits end on events; the limit only has to outlast a first page on a busy machine.
  page.setDefaultTimeout(60_000);
  page.on("close", () => context.close().catch(() => {}));
  const watch = watchPage(page);
  await page.goto(`${appUrl}/login`);
  // By the fields' names: the sign-in page speaks the browser's language.
  await page.locator('input[name="email"]').fill(who.email);
  await page.locator('input[name="password"]').fill(who.password ?? USER_PASSWORD);
  await page.keyboard.press("Enter");
  await page.waitForURL(`${appUrl}/`);
  return { page, watch };
}
