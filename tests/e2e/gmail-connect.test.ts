import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { makeUser } from "../support/factories";
import { signedInPage, startBrowserTest, type BrowserTest } from "../support/e2e";
import { googleEnv, startFakeGoogle, type FakeGoogle } from "../support/google";
import { untranslatedText } from "../support/untranslated";

let t: BrowserTest;
let google: FakeGoogle;
let admin: Awaited<ReturnType<typeof makeUser>>;

before(async () => {
  google = await startFakeGoogle();
  // PUBLIC_URL is the app's own address, set by startWebApp.
  const { PUBLIC_URL: _, ...gmail } = googleEnv(google, "http://unused.test");
  t = await startBrowserTest("gmail", { env: gmail });
  admin = await makeUser(t.tdb.db, { company: "Gmail Books", role: "admin" });
});

after(async () => {
  await t?.stop();
  await google?.close();
});

test("an admin clicks Connect Gmail, passes Google's consent page and lands on the new mailbox's page; saying no offers to try again", async () => {
  const { page } = await signedInPage(t.browser, t.app.url, { email: admin.user.email });
  const url = t.app.url;

  google.consent({ email: "receipts@gmail.test" });
  await page.goto(`${url}/accounts`);
  await page.getByRole("link", { name: "Connect Gmail" }).first().click();
  await page.waitForURL(/\/accounts\/[0-9a-f-]{36}\?gmail=connected$/);
  await page.getByRole("heading", { name: "receipts@gmail.test" }).waitFor();
  await page.getByRole("status").filter({ hasText: "Gmail is connected." }).waitFor();
  const [account] = await t.tdb.sql`select id, provider, email from mail_accounts where company_id = ${admin.companyId}`;
  assert.equal(page.url(), `${url}/accounts/${account.id}?gmail=connected`);
  assert.deepEqual([account.provider, account.email], ["gmail", "receipts@gmail.test"]);

  google.consent("deny");
  await page.goto(`${url}/accounts`);
  await page.getByRole("link", { name: "Connect Gmail" }).first().click();
  await page.waitForURL(`${url}/accounts/gmail-connect?error=access_denied`);
  await page.getByText("Access was not allowed at Google").waitFor();
  google.consent({ email: "receipts@gmail.test" });
  await page.getByRole("link", { name: "Try again" }).click();
  await page.waitForURL(`${url}/accounts/${account.id}?gmail=reconnected`);
  await page.getByText("Gmail is reconnected").waitFor();
  assert.equal((await t.tdb.sql`select count(*)::int as n from mail_accounts where company_id = ${admin.companyId}`)[0].n, 1);
  await page.close();
});

test("in Hebrew the Gmail pages have no English of their own left", async () => {
  await t.tdb.sql`update users set locale = 'he' where id = ${admin.user.id}`;
  const { page } = await signedInPage(t.browser, t.app.url, { email: admin.user.email }, { locale: "he-IL" });
  const [account] = await t.tdb.sql`select id from mail_accounts where company_id = ${admin.companyId} and provider = 'gmail'`;
  await t.tdb.sql`update mail_accounts set status = 'needs_reconnect' where id = ${account.id}`;
  const problems: string[] = [];
  for (const where of ["/accounts", `/accounts/${account.id}?gmail=connected`, "/accounts/gmail-connect?error=no_refresh_token", "/accounts/gmail-connect?error=not_configured"]) {
    await page.goto(`${t.app.url}${where}`);
    await page.locator("main").waitFor();
    for (const text of await untranslatedText(page)) problems.push(`${where}: ${text}`);
  }
  await page.getByText("Gmail לא הוגדר בשרת הזה").waitFor();
  await page.close();
  assert.deepEqual(problems, []);
});
