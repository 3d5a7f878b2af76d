import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import type { Browser, Page } from "playwright-core";
import { parseKeyring } from "@/lib/crypto/secrets";
import type { TestDatabase } from "../support/db";
import { makeImapAccount, makeUser } from "../support/factories";
import type { RunningApp } from "../support/app";
import { signedInPage, startBrowserTest, type BrowserTest } from "../support/e2e";
import { waitFor } from "../support/wait";

const PASSWORD = "correct horse battery";
let env: BrowserTest;
let tdb: TestDatabase;
let app: RunningApp;
let browser: Browser;
let admin: Awaited<ReturnType<typeof makeUser>>;
let member: Awaited<ReturnType<typeof makeUser>>;
let colleague: Awaited<ReturnType<typeof makeUser>>;

before(async () => {
  env = await startBrowserTest("people");
  ({ tdb, app, browser } = env);
  admin = await makeUser(tdb.db, { company: "Acme Books", role: "admin" });
  member = await makeUser(tdb.db, { company: "Acme Books", role: "member" });
  colleague = await makeUser(tdb.db, { company: "Acme Books", role: "member" });
  await makeImapAccount(tdb.db, parseKeyring(env.key), admin.companyId, { email: "billing@acme.test", host: "127.0.0.1", port: 1, password: "pw" });
  await tdb.sql`insert into categories (company_id, name, color) values (${admin.companyId}, 'Utilities', '#ff8800')`;
});

after(() => env?.stop());

async function signIn(email: string, password = PASSWORD): Promise<Page> {
  return (await signedInPage(browser, app.url, { email, password })).page;
}

test("an admin changes a person's role, disables, enables and removes them, and changes their own password", async () => {
  const page = await signIn(admin.user.email);
  await page.goto(`${app.url}/settings`);
  const people = page.getByRole("table", { name: "People" });
  const row = people.getByRole("row").filter({ hasText: colleague.user.email });

  await row.getByRole("button", { name: /^Make admin/ }).click();
  await row.getByRole("button", { name: /^Make member/ }).waitFor();
  assert.equal((await tdb.sql`select role from users where id = ${colleague.user.id}`)[0].role, "admin");
  await row.getByRole("button", { name: /^Make member/ }).click();
  await row.getByRole("button", { name: /^Make admin/ }).waitFor();

  await row.getByRole("button", { name: /^Disable/ }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Disable" }).click();
  await row.getByText("Disabled").waitFor();
  assert.notEqual((await tdb.sql`select disabled_at from users where id = ${colleague.user.id}`)[0].disabled_at, null);
  await row.getByRole("button", { name: /^Enable/ }).click();
  await row.getByRole("button", { name: /^Disable/ }).waitFor();

  await row.getByRole("button", { name: /^Remove/ }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Remove person" }).click();
  await waitFor("the person to leave the list", async () => (await row.count()) === 0);
  assert.equal((await tdb.sql`select count(*)::int as n from users where id = ${colleague.user.id}`)[0].n, 0);

  const own = people.getByRole("row").filter({ hasText: admin.user.email });
  assert.equal(await own.getByRole("button").count(), 0, "an admin is not offered to demote, disable or remove themselves");

  await page.getByLabel("Current password").fill(PASSWORD);
  await page.getByLabel("New password", { exact: true }).fill("a brand new passphrase");
  await page.getByLabel("Repeat new password").fill("a brand new passphrase");
  await page.getByRole("button", { name: "Change password" }).click();
  await page.getByText("Password changed; other sessions were signed out.").waitFor();
  await page.goto(`${app.url}/settings`);
  await page.getByRole("heading", { name: "Your password" }).waitFor();
  assert.ok(page.url().endsWith("/settings"), "this browser stays signed in with the new password");
  await page.close();
});

test("a member sees only what they may do, and an admin page says only an admin can use it", async () => {
  const page = await signIn(member.user.email);
  await page.goto(`${app.url}/accounts`);
  const mailbox = page.getByRole("row").filter({ hasText: "billing@acme.test" });
  await mailbox.getByRole("button", { name: "Test connection" }).waitFor();
  await mailbox.getByRole("button", { name: "Fetch now" }).waitFor();
  assert.equal(await mailbox.getByRole("link", { name: "Edit" }).count(), 0);
  assert.equal(await mailbox.getByRole("button", { name: "Delete" }).count(), 0);
  assert.equal(await page.getByRole("link", { name: /add a mailbox/i }).count(), 0);

  await page.goto(`${app.url}/accounts/new`);
  await page.getByText("Only an admin can add, edit or delete mailboxes").waitFor();
  assert.equal(await page.getByLabel("Password").count(), 0, "no form to fill in");

  await page.goto(`${app.url}/settings/categories`);
  await page.getByText("Only an admin can manage categories, rules and classifier settings").waitFor();
  await page.getByRole("table", { name: "Categories" }).getByText("Utilities").waitFor();
  assert.equal(await page.getByLabel("New category").count(), 0);

  await page.goto(`${app.url}/settings`);
  await page.getByText("Only an admin can add, change or remove people.").waitFor();
  assert.equal(await page.getByRole("button", { name: /^Make admin|^Disable|^Remove/ }).count(), 0);
  await page.close();
});

test("failures from one connection address count across emails, whatever address the client claims", async () => {
  const { user } = await makeUser(tdb.db, { company: "Acme Books" });
  // The browser reaches localhost over IPv4 or IPv6: both count as this client's address, already at the limit.
  for (const address of ["127.0.0.1", "::1"]) {
    await tdb.sql`insert into rate_limits (key, window_start, count) values (${`login:address:${address}`}, now(), 10) on conflict (key) do update set count = 10, window_start = now()`;
  }
  const page = await browser.newPage();
  page.setDefaultTimeout(20_000);
  await page.setExtraHTTPHeaders({ "x-mailroom-peer": "203.0.113.9", "x-forwarded-for": "203.0.113.10" });
  await page.goto(`${app.url}/login`);
  await page.getByLabel("Email").fill(user.email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.keyboard.press("Enter");
  await page.getByText(/Too many failed sign-ins; try again in \d+ minutes?/).waitFor();
  assert.ok(page.url().includes("/login"));
  await page.close();
  await tdb.sql`delete from rate_limits where key like 'login:address:%'`;
});

test("after 10 failed sign-ins the login page says how long to wait", async () => {
  const { user } = await makeUser(tdb.db, { company: "Acme Books" });
  await tdb.sql`insert into rate_limits (key, window_start, count) values (${`login:email:${user.email}`}, now(), 10)`;
  const page = await browser.newPage();
  page.setDefaultTimeout(20_000);
  await page.goto(`${app.url}/login`);
  await page.getByLabel("Email").fill(user.email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.keyboard.press("Enter");
  await page.getByText("Too many failed sign-ins; try again in 15 minutes").waitFor();
  assert.ok(page.url().includes("/login"));
  await page.close();
});
