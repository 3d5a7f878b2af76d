import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import { emails } from "@/lib/db/schema/mail";
import { mailAccounts } from "@/lib/db/schema/accounts";
import { sentEmails } from "@/lib/db/schema/notifications";
import { emailReplies } from "@/lib/db/schema/triage";
import { makeUser } from "../support/factories";
import { signedInPage, startBrowserTest, type BrowserTest } from "../support/e2e";
import { waitFor } from "../support/wait";

let env: BrowserTest;
let admin: Awaited<ReturnType<typeof makeUser>>;

before(async () => {
  env = await startBrowserTest("auto-ack");
  admin = await makeUser(env.tdb.db, { company: "Acme Books", role: "admin" });
});

after(() => env?.stop());

/** An email triage sent to a person, as email.triage leaves it (the e2e app runs no worker). */
async function waitingEmail(accountId: string, subject: string, from: string) {
  const sha = randomBytes(32).toString("hex");
  const [row] = await env.tdb.db
    .insert(emails)
    .values({ companyId: admin.companyId, accountId, folder: "INBOX", uidValidity: 1, uid: Math.floor(Math.random() * 1e9), size: 100, rawSha256: sha, rawKey: `raw/${sha}`, storageType: "local", fromAddress: from, subject, messageId: `<${sha.slice(0, 12)}@customer.test>`, bodyText: "Please confirm.", triageOutcome: "review", triageReason: "no triage rules: review by default", triagedAt: new Date(), reviewStatus: "waiting" })
    .returning();
  return row.id;
}

test("an admin turns on automatic acknowledgement for a mailbox; an email reclassified as acknowledge gets one recorded, and a person's reply shows on the email", async () => {
  const [account] = await env.tdb.db.insert(mailAccounts).values({ companyId: admin.companyId, email: "in@acme.test", host: "imap.acme.test", port: 993, username: "in" }).returning();
  const { page } = await signedInPage(env.browser, env.app.url, admin.user);

  await page.goto(`${env.app.url}/accounts/${account.id}/edit`);
  await page.getByLabel("Acknowledge automatically").check();
  await page.getByRole("button", { name: "Save changes" }).click();
  await waitFor("the switch to be saved", async () => (await env.tdb.db.select().from(mailAccounts).where(eq(mailAccounts.id, account.id)))[0].autoAcknowledge || undefined);
  await page.goto(`${env.app.url}/accounts/${account.id}`);
  await page.getByText("Automatic acknowledgement").waitFor();

  const question = await waitingEmail(account.id, "Order 1042", "dana@customer.test");
  const receipt = await waitingEmail(account.id, "Receipt for March", "lee@supplier.test");
  await page.goto(`${env.app.url}/review?tab=emails`);
  const waitingList = page.getByRole("list", { name: "Emails waiting for a person" });
  const item = waitingList.getByRole("listitem").filter({ hasText: "Receipt for March" });
  await item.getByLabel("Reclassify as").selectOption("acknowledge");
  await item.getByRole("button", { name: /^Reclassify/ }).click();
  await item.waitFor({ state: "detached" });
  const [ack] = await env.tdb.db.select().from(emailReplies).where(eq(emailReplies.emailId, receipt));
  assert.deepEqual([ack.kind, ack.status, ack.toAddress], ["auto_ack", "sent", "lee@supplier.test"]);
  const [queued] = await env.tdb.db.select().from(sentEmails).where(eq(sentEmails.id, ack.sentEmailId!));
  assert.equal(queued.headers["Auto-Submitted"], "auto-replied");
  assert.equal(queued.subject, "Re: Receipt for March");
  // It now shows among the emails dealt with, with its acknowledgement.
  const handled = page.getByRole("list", { name: "Emails already dealt with" }).getByRole("listitem").filter({ hasText: "Receipt for March" });
  await handled.getByText(/Acknowledgement sent to/).waitFor();

  const other = waitingList.getByRole("listitem").filter({ hasText: "Order 1042" });
  await other.getByRole("button", { name: "Reply" }).click();
  await other.getByLabel("Your reply").fill("We will call you tomorrow.");
  await other.getByRole("button", { name: "Send reply" }).click();
  await other.getByText(`Reply by ${admin.user.email} to dana@customer.test (waiting to be sent)`).waitFor();
  const [reply] = await env.tdb.db.select().from(emailReplies).where(eq(emailReplies.emailId, question));
  assert.equal(reply.kind, "reply");
});

test("the settings page previews the acknowledgement template as it is typed, and saves it", async () => {
  const { page } = await signedInPage(env.browser, env.app.url, admin.user);
  await page.goto(`${env.app.url}/settings`);
  const section = page.getByRole("region", { name: "Automatic acknowledgement" });
  await section.getByLabel("Plain text").fill("Thanks {{sender_name}}, ref {{reference}} for {{document_count}} files.");
  await section.getByTestId("ack-preview-text").getByText("Thanks Dana Cohen, ref MR-1A2B3C4D for 2 files.").waitFor();
  await section.getByRole("button", { name: "Save" }).click();
  await section.getByText("Saved.").waitFor();
});
