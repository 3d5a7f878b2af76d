import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { setEnv } from "@/lib/env";
import { makeUser } from "../support/factories";
import { buildMessage } from "../support/mime";
import { signedInPage, startBrowserTest, type BrowserTest } from "../support/e2e";
import { googleEnv, startFakeGoogle, type FakeGoogle } from "../support/google";
import { startTestWorker } from "../support/worker";

const INVOICE = path.resolve(__dirname, "../fixtures/invoices/en-acme-classic.pdf");
const ADDRESS = "invoices@gmail.test";

let t: BrowserTest;
let google: FakeGoogle;
let worker: Awaited<ReturnType<typeof startTestWorker>>;
let admin: Awaited<ReturnType<typeof makeUser>>;

before(async () => {
  google = await startFakeGoogle();
  // The worker runs in this process and reads Gmail's settings from its environment; the web app gets its own.
  setEnv(googleEnv(google, "http://unused.test"));
  const { PUBLIC_URL: _, ...gmail } = googleEnv(google, "http://unused.test");
  t = await startBrowserTest("gmail-documents", { env: gmail });
  worker = await startTestWorker({ databaseUrl: t.tdb.url, dataDir: t.dataDir, encryptionKey: t.key });
  admin = await makeUser(t.tdb.db, { company: "Acme Books", role: "admin" });
});

after(async () => {
  await t?.stop();
  await worker?.stop();
  await google?.close();
});

test("an admin connects Gmail and the invoice waiting in that mailbox arrives in the documents list, read", async () => {
  google.deliver(
    ADDRESS,
    buildMessage({
      from: "Acme Supplies <billing@acme-supplies.test>",
      subject: "Invoice 1042 from Acme Supplies",
      attachments: [{ filename: "acme-invoice-1042.pdf", contentType: "application/pdf", content: await readFile(INVOICE) }],
    }),
  );
  const { page, watch } = await signedInPage(t.browser, t.app.url, { email: admin.user.email });

  google.consent({ email: ADDRESS });
  await page.goto(`${t.app.url}/accounts`);
  await page.getByRole("link", { name: "Connect Gmail" }).first().click();
  await page.waitForURL(/\/accounts\/[0-9a-f-]{36}\?gmail=connected$/);
  await page.getByRole("heading", { name: ADDRESS }).waitFor();
  await page.getByText(/Mailroom reads this mailbox through the Gmail API/).waitFor();
  await page.getByRole("button", { name: "Fetch now" }).first().click();
  await page.getByText(/Queued|Already queued/).first().waitFor();

  // The worker syncs in the background and reads the PDF; the list follows each document's progress by itself.
  await page.goto(`${t.app.url}/documents`);
  const row = page.getByRole("row").filter({ has: page.getByRole("link", { name: "acme-invoice-1042.pdf" }) });
  for (let tries = 0; (await row.count()) === 0; tries++) {
    assert.ok(tries < 60, "the Gmail document did not appear in the list");
    await page.waitForTimeout(1000);
    await page.reload();
  }
  await row.getByText("Completed").waitFor({ timeout: 120_000 });
  await row.getByText("Acme Supplies Ltd").first().waitFor();
  await row.getByText("billing@acme-supplies.test", { exact: false }).first().waitFor();
  await row.getByText(ADDRESS).first().waitFor();
  watch.assertClean("the Gmail documents");

  const [account] = await t.tdb.sql`select provider, status, last_error from mail_accounts where company_id = ${admin.companyId}`;
  assert.deepEqual([account.provider, account.status, account.last_error], ["gmail", "ok", null]);
  assert.ok(google.requests.some((r) => r.path.startsWith("/gmail/v1/")), "the worker read the mailbox through the Gmail API");
  await page.close();
});
