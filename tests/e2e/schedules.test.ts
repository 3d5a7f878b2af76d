import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { PgBoss } from "pg-boss";
import { parseKeyring } from "@/lib/crypto/secrets";
import { createStorage } from "@/lib/storage/storage";
import { storeMessages } from "@/lib/mail/store-messages";
import { purgeExpiredFiles } from "@/lib/retention/files";
import { BOSS_SCHEMA } from "@/lib/queue";
import { makeImapAccount, makeUser } from "../support/factories";
import { makeTextPdf } from "../support/images";
import { buildMessage } from "../support/mime";
import { signedInPage, startBrowserTest, type BrowserTest } from "../support/e2e";

let t: BrowserTest;
let admin: Awaited<ReturnType<typeof makeUser>>;
let removedId: string;

before(async () => {
  t = await startBrowserTest("schedules");
  admin = await makeUser(t.tdb.db, { company: "Acme Books", role: "admin" });
  await t.tdb.sql`update companies set time_zone = 'Asia/Jerusalem' where id = ${admin.companyId}`;
  const account = await makeImapAccount(t.tdb.db, parseKeyring(t.key), admin.companyId, { email: "billing@acme.test", host: "127.0.0.1", port: 1, password: "pw" });
  const boss = new PgBoss({ connectionString: t.tdb.url, schema: BOSS_SCHEMA, supervise: false, schedule: false });
  boss.on("error", () => {});
  await boss.start();
  const storage = createStorage({ dataDir: t.dataDir });
  const raw = Buffer.from(buildMessage({ subject: "Old invoice", attachments: [{ filename: "old-invoice.pdf", contentType: "application/pdf", content: makeTextPdf([["INVOICE 77", "Total 120.00"]]) }] }));
  await storeMessages({ db: t.tdb.db, boss, storage }, { companyId: admin.companyId, accountId: account.id, folder: "INBOX", uidValidity: 1 }, [{ uid: 1, raw }], { maxAttachmentBytes: 1e7, filters: {} });
  await boss.stop({ graceful: false, close: true });
  // Read 40 days ago; the clean-up then removes its file as a 30-day retention says.
  const at = new Date(Date.now() - 40 * 86_400_000).toISOString();
  await t.tdb.sql`update documents set status = 'completed', processing_stage = 'all_completed', progress_percentage = 100, page_count = 1, created_at = ${at}::timestamptz, text = 'INVOICE 77' where company_id = ${admin.companyId}`;
  await t.tdb.sql`update emails set created_at = ${at}::timestamptz where company_id = ${admin.companyId}`;
  await purgeExpiredFiles(t.tdb.db, storage, admin.companyId);
  [{ id: removedId }] = (await t.tdb.sql`select id from documents where company_id = ${admin.companyId}`) as unknown as { id: string }[];
});

after(() => t?.stop());

test("an admin opens the schedules page from the nav, pauses and resumes the clean-up, changes its expression and sees the sync's counts", async () => {
  const { page, watch } = await signedInPage(t.browser, t.app.url, admin.user);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Operations" }).click();
  await page.waitForURL(`${t.app.url}/ops/queues`);
  await page.getByRole("link", { name: "Schedules" }).click();
  await page.waitForURL(`${t.app.url}/ops/schedules`);
  const row = page.locator('tr[data-schedule="attachments.cleanup"]');
  await row.getByText("Asia/Jerusalem").waitFor();
  await row.getByText("0 1 * * *").waitFor();
  // No worker runs here: the first sync writes every schedule (four global crons, two per company).
  await page.getByRole("button", { name: "Sync schedules" }).click();
  await page.getByText(/Schedules synced: 6 added, 0 removed, 0 updated, 6 in all\./).waitFor();

  await row.getByRole("button", { name: "Pause" }).click();
  await row.getByText("Paused").waitFor();
  await page.getByText(/Schedules synced: \d+ added, 1 removed, 0 updated, \d+ in all\./).waitFor();
  await row.getByRole("button", { name: "Resume" }).click();
  await page.getByText(/Schedules synced: 1 added, 0 removed, 0 updated/).waitFor();

  await row.getByRole("button", { name: "Change the expression of attachments.cleanup" }).click();
  const field = row.getByLabel("Expression");
  await field.fill("0 25 * * *");
  await row.getByRole("button", { name: "Save" }).click();
  await row.getByText(/cannot be used/).waitFor();
  await field.fill("30 2 * * *");
  await row.getByRole("button", { name: "Save" }).click();
  await row.getByText("30 2 * * *").waitFor();
  await page.getByText(/Schedules synced: 0 added, 0 removed, 1 updated/).waitFor();
  const [stored] = await t.tdb.sql`select cron, timezone from ${t.tdb.sql(BOSS_SCHEMA)}.schedule where name = 'attachments.cleanup' and key = ${admin.companyId}`;
  assert.deepEqual([stored?.cron, stored?.timezone], ["30 2 * * *", "Asia/Jerusalem"]);

  await row.getByRole("button", { name: "Run now" }).click();
  await page.getByText("attachments.cleanup was queued to run now.").waitFor();
  watch.assertClean("schedules page", [/response 422/, /status of 422/]);
  await page.close();
});

test("a document whose file was removed says so in place of the preview, and its fields stay", async () => {
  const { page, watch } = await signedInPage(t.browser, t.app.url, admin.user);
  await page.goto(`${t.app.url}/documents/${removedId}`);
  await page.getByText("File removed after 30 days").waitFor();
  assert.equal(await page.getByRole("link", { name: "Download" }).count(), 0, "nothing to download");
  assert.equal(await page.locator('img[src*="/pages/"]').count(), 0, "no broken picture is asked for");
  watch.assertClean("removed-file document page");

  const { page: he } = await signedInPage(t.browser, t.app.url, admin.user, { locale: "he-IL" });
  await he.goto(`${t.app.url}/documents/${removedId}`);
  await he.getByText("הקובץ הוסר לאחר 30 ימים").waitFor();
  await page.close();
  await he.close();
});
