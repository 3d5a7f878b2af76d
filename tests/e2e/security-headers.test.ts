import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { PgBoss } from "pg-boss";
import type { Browser } from "playwright-core";
import { generateKey, parseKeyring } from "@/lib/crypto/secrets";
import { createStorage } from "@/lib/storage/storage";
import { storeMessages } from "@/lib/mail/store-messages";
import { documents } from "@/lib/db/schema/documents";
import { BOSS_SCHEMA } from "@/lib/queue";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { makeImapAccount, makeUser } from "../support/factories";
import { buildMessage, makePdf } from "../support/mime";
import { startWebApp, type RunningApp } from "../support/app";
import { launchBrowser } from "../support/browser";

const key = generateKey();
let tdb: TestDatabase;
let dataDir: string;
let app: RunningApp;
let browser: Browser;
let boss: PgBoss;

before(async () => {
  [tdb, dataDir] = await Promise.all([createTestDatabase(), mkdtemp(path.join(os.tmpdir(), "mailroom-headers-"))]);
  boss = new PgBoss({ connectionString: tdb.url, schema: BOSS_SCHEMA, supervise: false, schedule: false });
  boss.on("error", () => {});
  await boss.start();
  app = await startWebApp({ databaseUrl: tdb.url, dataDir, encryptionKey: key });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await app?.stop();
  await boss?.stop({ graceful: false, close: true });
  await tdb?.drop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

test("pages and API answers carry the security headers, and no X-Powered-By", async () => {
  for (const p of ["/login", "/setup", "/api/health", "/api/setup"]) {
    const res = await fetch(`${app.url}${p}`, { redirect: "manual" });
    const csp = res.headers.get("content-security-policy") ?? "";
    assert.match(csp, /frame-ancestors 'none'/, p);
    assert.equal(res.headers.get("x-content-type-options"), "nosniff", p);
    assert.equal(res.headers.get("referrer-policy"), "strict-origin-when-cross-origin", p);
    assert.equal(res.headers.get("x-powered-by"), null, p);
    assert.equal(res.headers.get("strict-transport-security"), null, `${p}: no HSTS over plain http`);
  }
});

test("signed in, the pages run under the policy without a violation, and a cookie request from another origin is refused", async () => {
  const { user, companyId } = await makeUser(tdb.db);
  const account = await makeImapAccount(tdb.db, parseKeyring(key), companyId, { email: "in@x.test", host: "127.0.0.1", port: 143, password: "pw" });
  const raw = Buffer.from(buildMessage({ subject: "Invoice 9", attachments: [{ filename: "invoice-9.pdf", contentType: "application/pdf", content: makePdf("Invoice 9 Total 12.00") }] }));
  await storeMessages({ db: tdb.db, boss, storage: createStorage({ dataDir }) }, { companyId, accountId: account.id, folder: "INBOX", uidValidity: 1 }, [{ uid: 1, raw }], { maxAttachmentBytes: 25 * 1024 * 1024, filters: {} });
  const [doc] = await tdb.db.select().from(documents).where(eq(documents.companyId, companyId));

  const page = await browser.newPage();
  page.setDefaultTimeout(20_000);
  const problems: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error") problems.push(`console: ${m.text()}`);
  });
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`));
  });

  await page.goto(`${app.url}/login`);
  await page.getByLabel("Email").fill(user.email);
  await page.getByLabel("Password").fill("correct horse battery");
  await page.keyboard.press("Enter");
  await page.waitForURL(`${app.url}/`);
  for (const p of ["/", "/documents", `/documents/${doc.id}`, "/accounts", "/settings"]) {
    const res = await page.goto(`${app.url}${p}`);
    assert.ok(res && res.status() < 400, `${p} answered ${res?.status()}`);
    await page.waitForLoadState("networkidle");
  }
  // A page's own fetch (same origin, session cookie) still changes things.
  const made = await page.evaluate(async () => {
    const r = await fetch("/api/tokens", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ name: "from the page" }) });
    return r.status;
  });
  assert.equal(made, 201);
  assert.deepEqual(problems.filter((p) => /CSP|Content Security Policy|Refused to/i.test(p)), [], problems.join("\n"));

  // The same session cookie, sent by another site's page, is refused.
  const cookie = (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
  const forged = await fetch(`${app.url}/api/tokens`, { method: "POST", headers: { cookie, origin: "http://evil.example", "content-type": "application/json" }, body: JSON.stringify({ name: "stolen" }) });
  assert.equal(forged.status, 403);
  assert.equal(((await forged.json()) as { error: { code: string } }).error.code, "auth.bad_origin");
  const same = await fetch(`${app.url}/api/tokens`, { method: "POST", headers: { cookie, origin: app.url, "content-type": "application/json" }, body: JSON.stringify({ name: "ours" }) });
  assert.equal(same.status, 201);
  // A signed-in admin's health view names the workers; the public one does not.
  const adminHealth = (await (await fetch(`${app.url}/api/health`, { headers: { cookie } })).json()) as Record<string, unknown>;
  assert.ok("workers" in adminHealth);
  const publicHealth = (await (await fetch(`${app.url}/api/health`)).json()) as Record<string, unknown>;
  assert.deepEqual(Object.keys(publicHealth).sort(), ["db", "queue", "status", "worker"]);
  await page.close();
});
