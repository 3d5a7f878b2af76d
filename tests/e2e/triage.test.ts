import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { randomBytes } from "node:crypto";
import type { Page } from "playwright-core";
import { emails } from "@/lib/db/schema/mail";
import { mailAccounts } from "@/lib/db/schema/accounts";
import { makeUser } from "../support/factories";
import { signedInPage, startBrowserTest, type BrowserTest } from "../support/e2e";
import { untranslatedText } from "../support/untranslated";

const SHOTS = "/tmp/shots";
let env: BrowserTest;
let admin: Awaited<ReturnType<typeof makeUser>>;

before(async () => {
  [env] = await Promise.all([startBrowserTest("triage"), mkdir(SHOTS, { recursive: true })]);
  admin = await makeUser(env.tdb.db, { company: "Acme Books", role: "admin" });
});

after(() => env?.stop());

/** An email triage sent to a person, as email.triage leaves it (the e2e app runs no worker). */
async function waitingEmail(companyId: string, subject: string) {
  const [account] = await env.tdb.db.insert(mailAccounts).values({ companyId, email: `in-${randomBytes(3).toString("hex")}@acme.test`, host: "imap.acme.test", port: 993, username: "in" }).returning();
  const sha = randomBytes(32).toString("hex");
  const [row] = await env.tdb.db
    .insert(emails)
    .values({
      companyId,
      accountId: account.id,
      folder: "INBOX",
      uidValidity: 1,
      uid: 1,
      size: 100,
      rawSha256: sha,
      rawKey: `raw/${sha}`,
      storageType: "local",
      fromAddress: "dana@customer.test",
      subject,
      bodyText: "Could you call me back about the order?",
      attachmentCount: 0,
      triageOutcome: "review",
      triageReason: "no triage rules: review by default",
      triagedAt: new Date(),
      reviewStatus: "waiting",
    })
    .returning();
  return row.id;
}

// The rule forms fill their fields once hydrated (the server's HTML has them empty): wait for the values.
async function ruleNames(page: Page): Promise<string[]> {
  const names = page.getByRole("list", { name: "Triage rules, in the order they are tried" }).getByLabel("Name");
  const read = () => names.evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value));
  for (let i = 0; i < 100 && (await read()).some((v) => !v); i++) await page.waitForTimeout(100);
  return read();
}

test("an admin adds rules, moves one up by keyboard, and the dry run names the matching rule and why", async () => {
  const { page, watch } = await signedInPage(env.browser, env.app.url, admin.user);
  await page.goto(`${env.app.url}/settings/triage`);
  await page.getByText("No rules yet: every email waits for a person.").waitFor();

  const add = page.locator("form", { has: page.getByRole("heading", { name: "Add a rule" }) });
  await add.getByLabel("Name").fill("Acme invoices");
  await add.getByLabel("Then").selectOption("acknowledge");
  await add.getByLabel("Sender").fill("acme.com");
  await add.getByLabel("Subject contains").fill("invoice, חשבונית");
  await add.getByRole("button", { name: "Add rule" }).click();
  await page.getByRole("listitem", { name: "Rule 1 of 1" }).waitFor();

  await add.getByLabel("Name").fill("Newsletters");
  await add.getByLabel("Then").selectOption("none");
  await add.getByLabel("Message contains").fill("unsubscribe");
  await add.getByRole("button", { name: "Add rule" }).click();
  await page.getByRole("listitem", { name: "Rule 2 of 2" }).waitFor();
  assert.deepEqual(await ruleNames(page), ["Acme invoices", "Newsletters"]);

  // A bad sender is refused beside its field, and nothing is added.
  await add.getByLabel("Name").fill("Broken");
  await add.getByLabel("Sender").fill("not an address!");
  await add.getByRole("button", { name: "Add rule" }).click();
  await add.getByText(/must be addresses/).waitFor();
  await add.getByLabel("Sender").fill("");
  await add.getByLabel("Name").fill("");

  // By keyboard: focus the second rule's "up" button and press Enter; focus stays on the moved rule's buttons.
  await page.getByRole("button", { name: "Move rule 2 up" }).focus();
  const saved = page.waitForResponse((r) => r.url().includes("/api/triage/rules/") && r.request().method() === "PATCH");
  await page.keyboard.press("Enter");
  assert.equal((await saved).status(), 200);
  await page.getByText("Moved to position 1 of 2").waitFor({ state: "attached" });
  await page.waitForFunction(() => document.activeElement?.getAttribute("aria-label") === "Move rule 1 down");
  await page.reload();
  assert.deepEqual(await ruleNames(page), ["Newsletters", "Acme invoices"], "the new order was saved");

  const dry = page.locator("form", { has: page.getByRole("heading", { name: "A pasted email" }) });
  await dry.getByLabel("From").fill("Billing <billing@mail.acme.com>");
  await dry.getByLabel("Subject").fill("Your INVOICE for May");
  await dry.getByRole("button", { name: "Try", exact: true }).click();
  const result = page.getByTestId("dry-run-result");
  await result.getByText("Outcome: Acknowledge automatically").waitFor();
  await result.getByText("Rule 2, Acme invoices, matches:").waitFor();
  await result.getByText("the sender matches acme.com").waitFor();
  await result.getByText("the subject contains “invoice”").waitFor();
  await result.getByText("Newsletters: the message lacks its words").waitFor();
  await page.screenshot({ path: path.join(SHOTS, "triage-rules.png"), fullPage: true });
  watch.assertClean("the triage rules page", [/status of 422/]);
  await page.close();
});

test("Review → Emails lists an email waiting for a person, counts it in the navigation, and Done takes it away", async () => {
  const id = await waitingEmail(admin.companyId, "Question about my order");
  const { page, watch } = await signedInPage(env.browser, env.app.url, admin.user);
  await page.goto(`${env.app.url}/review?tab=emails`);
  const item = page.getByRole("listitem", { name: "Question about my order" });
  await item.waitFor();
  await item.getByText("dana@customer.test").waitFor();
  await page.getByRole("link", { name: /Emails\s*1/ }).waitFor();
  await page.getByRole("navigation", { name: "Main" }).getByText("1", { exact: true }).waitFor();
  await item.getByText("Show the message").click();
  await item.getByText("Could you call me back about the order?").waitFor();

  await item.getByRole("button", { name: "Done for “Question about my order”" }).click();
  await page.getByText("No emails waiting").waitFor();
  const [row] = await env.tdb.sql`select review_status, reviewed_by from emails where id = ${id}`;
  assert.deepEqual([row.review_status, row.reviewed_by], ["done", admin.user.id]);
  watch.assertClean("the review emails tab");
  await page.close();
});

test("in Hebrew the rules page and the review tab have no English of their own", async () => {
  await waitingEmail(admin.companyId, "שאלה על ההזמנה");
  await env.tdb.sql`update users set locale = 'he' where id = ${admin.user.id}`;
  const { page, watch } = await signedInPage(env.browser, env.app.url, admin.user, { locale: "he-IL" });
  await page.goto(`${env.app.url}/settings/triage`);
  await page.getByRole("heading", { name: "מיון מיילים" }).waitFor();
  const problems = (await untranslatedText(page)).map((p) => `rules: ${p}`);
  await page.goto(`${env.app.url}/review?tab=emails`);
  await page.getByRole("listitem", { name: "שאלה על ההזמנה" }).waitFor();
  problems.push(...(await untranslatedText(page)).map((p) => `review: ${p}`));
  await page.screenshot({ path: path.join(SHOTS, "triage-review-he.png"), fullPage: true });
  assert.deepEqual(problems, [], `English left on the Hebrew pages:\n${problems.join("\n")}`);
  watch.assertClean("the Hebrew pages");
  await page.close();
});
