import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import type { Browser } from "playwright-core";
import { notifications } from "@/lib/db/schema/notifications";
import type { NotificationEvent } from "@/lib/notifications/events";
import type { TestDatabase } from "../support/db";
import { makeUser } from "../support/factories";
import type { RunningApp } from "../support/app";
import { signedInPage, startBrowserTest, type BrowserTest } from "../support/e2e";
import { waitFor } from "../support/wait";

let env: BrowserTest;
let tdb: TestDatabase;
let app: RunningApp;
let browser: Browser;
let admin: Awaited<ReturnType<typeof makeUser>>;

before(async () => {
  env = await startBrowserTest("notifications");
  ({ tdb, app, browser } = env);
  admin = await makeUser(tdb.db, { company: "Acme Books", role: "admin" });
  const other = await makeUser(tdb.db, { company: "Acme Books", role: "member" });
  const add = (userId: string, event: NotificationEvent, data: Record<string, string | number>, link: string | null, read = false, minutesAgo = 0) =>
    tdb.db.insert(notifications).values({ companyId: admin.companyId, userId, event, data, link, readAt: read ? new Date() : null, createdAt: new Date(Date.now() - minutesAgo * 60_000) });
  await add(admin.user.id, "documents_failed", { count: 2, filename: "scan.pdf" }, "/documents?status=error", true, 30);
  await add(admin.user.id, "review_waiting", { count: 1, filename: "invoice-7.pdf" }, "/review", false, 20);
  await add(admin.user.id, "account_attention", { account: "billing@acme.test", status: "auth_error" }, "/accounts", false, 10);
  await add(admin.user.id, "documents_processed", { documents: 3, account: "billing@acme.test" }, "/documents", false, 0);
  await add(other.user.id, "documents_processed", { documents: 9, account: "other@acme.test" }, "/documents");
});

after(() => env?.stop());

const unreadOf = async (userId: string) => (await tdb.sql`select count(*)::int as n from notifications where user_id = ${userId} and read_at is null`)[0].n;

test("the bell shows the unread count; the page lists newest first, marks one, one opened and all read; preferences save", async () => {
  const { page, watch } = await signedInPage(browser, app.url, { email: admin.user.email });
  const badge = page.getByTestId("notification-count");
  await badge.waitFor();
  assert.equal(await badge.textContent(), "3");

  await page.getByTestId("notification-bell").click();
  await page.waitForURL(`${app.url}/notifications`);
  const items = page.getByTestId("notification-list").getByRole("listitem");
  assert.deepEqual(
    await items.locator("bdi").allTextContents(),
    ["3 new documents from billing@acme.test", "billing@acme.test needs attention: the mail server refused the password", "A document waits for review: invoice-7.pdf", "2 documents could not be processed"],
    "newest first, worded from each event's numbers; another person's are not here",
  );

  await items.filter({ hasText: "3 new documents" }).getByRole("button", { name: "Mark read" }).click();
  await waitFor("the bell to count 2", async () => (await badge.textContent()) === "2");
  assert.equal(await unreadOf(admin.user.id), 2);

  // Opening one marks it read and goes to the thing.
  await page.getByRole("link", { name: "A document waits for review: invoice-7.pdf" }).click();
  await page.waitForURL(`${app.url}/review`);
  await waitFor("the opened notification to be read", async () => (await unreadOf(admin.user.id)) === 1);
  await waitFor("the bell to count 1", async () => (await badge.textContent()) === "1");

  await page.getByTestId("notification-bell").click();
  await page.waitForURL(`${app.url}/notifications`);
  await page.getByRole("button", { name: "Mark all read" }).click();
  await waitFor("the bell to show no count", async () => (await badge.count()) === 0);
  assert.equal(await unreadOf(admin.user.id), 0);

  await page.getByRole("link", { name: "Notification settings" }).click();
  await page.waitForURL(`${app.url}/notifications/settings`);
  await page.getByLabel("Documents processed").selectOption("email");
  await page.getByLabel("Send the daily summary on a day with nothing new too (one line)").uncheck();
  await page.getByRole("button", { name: "Save" }).click();
  await page.getByText("Saved").waitFor();
  const rows = await tdb.sql`select event, channel, when_empty from notification_preferences where user_id = ${admin.user.id} order by event`;
  assert.deepEqual(
    rows.map((r) => ({ ...r })),
    [
      { event: "account_attention", channel: "email", when_empty: null },
      { event: "daily_summary", channel: "email", when_empty: false },
      { event: "documents_failed", channel: "in_app", when_empty: null },
      { event: "documents_processed", channel: "email", when_empty: null },
      { event: "review_waiting", channel: "in_app", when_empty: null },
    ],
  );
  await page.reload();
  // The select takes its saved value when the form hydrates: wait for it rather than read the server's first draw.
  await waitFor("the saved choice shown after a reload", async () => (await page.getByLabel("Documents processed").inputValue()) === "email", { timeoutMs: 15_000 });
  watch.assertClean("notifications");
});
