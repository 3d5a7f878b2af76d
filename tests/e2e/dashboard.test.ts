import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdir } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { Page } from "playwright-core";
import { createTranslator } from "next-intl";
import { parseKeyring } from "@/lib/crypto/secrets";
import { LOCALE_NAMES, LOCALES, type Locale } from "@/lib/i18n/locales";
import { MESSAGES } from "@/lib/i18n/messages";
import { currencyName } from "@/components/charts/chart-style";
import { makeImapAccount, makeUser } from "../support/factories";
import { insertCategory, insertDocument } from "../support/documents";
import { signedInPage, startBrowserTest, type BrowserTest } from "../support/e2e";
import { untranslatedText } from "../support/untranslated";

// Screenshots for people to look at; outside the repository.
const SHOTS = process.env.DASHBOARD_SHOTS ?? path.join(os.tmpdir(), "mailroom-dashboard");
const PHONE = { width: 375, height: 812 };
const DESKTOP = { width: 1280, height: 900 };

let bt: BrowserTest;
let admin: Awaited<ReturnType<typeof makeUser>>;
let failingId: string;

before(async () => {
  bt = await startBrowserTest("dashboard");
  await mkdir(SHOTS, { recursive: true });
  const { tdb } = bt;
  admin = await makeUser(tdb.db, { company: "Acme Books" });
  await tdb.sql`update companies set time_zone = 'Asia/Jerusalem', default_currency = 'ILS' where id = ${admin.companyId}`;
  const ring = parseKeyring(bt.key);
  const billing = await makeImapAccount(tdb.db, ring, admin.companyId, { email: "billing@acme.test", host: "127.0.0.1", port: 143, password: "pw" });
  const scans = await makeImapAccount(tdb.db, ring, admin.companyId, { email: "scans@acme.test", host: "127.0.0.1", port: 143, password: "pw" });
  await tdb.sql`update mail_accounts set status = 'ok', last_fetch_at = now() - interval '10 minutes' where id = ${billing.id}`;
  failingId = scans.id;
  await tdb.sql`update mail_accounts set status = 'auth_error', last_error_code = 'login', last_error = 'Authentication failed', last_fetch_at = now() - interval '2 hours' where id = ${scans.id}`;
  await tdb.sql`insert into fetch_runs (company_id, account_id, status, messages, documents, started_at, finished_at) values (${admin.companyId}, ${billing.id}, 'ok', 3, 4, now() - interval '10 minutes', now() - interval '9 minutes')`;

  const fuel = await insertCategory(tdb.sql, admin.companyId, "Fuel", "#f97316");
  const rent = await insertCategory(tdb.sql, admin.companyId, "שכירות", "#0ea5e9");
  const statuses = ["completed", "completed", "completed", "error", "pending", "processing"] as const;
  const day = 24 * 3600_000;
  // A month of mail, a few documents most days; totals in shekels, dollars and euros over the year.
  for (let i = 0; i < 60; i++) {
    const at = new Date(Date.now() - (i % 28) * day - (i % 5) * 3600_000);
    await insertDocument(tdb.sql, admin.companyId, { at, status: statuses[i % statuses.length], categoryId: i % 3 === 0 ? fuel : i % 3 === 1 ? rent : null, total: 100 + i * 37.5, currency: i % 4 === 0 ? "USD" : "ILS", filename: `invoice-${i}.pdf` });
  }
  for (let m = 1; m < 12; m++) {
    const at = new Date(Date.now() - m * 30 * day);
    await insertDocument(tdb.sql, admin.companyId, { at, total: 1200 + m * 310, currency: "ILS" });
    if (m % 2) await insertDocument(tdb.sql, admin.companyId, { at, total: 400 + m * 55, currency: m % 3 ? "EUR" : "USD" });
  }
});

after(() => bt?.stop());

async function signedIn(who: { email: string }, userId: string, locale: Locale, viewport = DESKTOP) {
  await bt.tdb.sql`update users set locale = ${locale} where id = ${userId}`;
  return signedInPage(bt.browser, bt.app.url, who, { locale: locale === "he" ? "he-IL" : "en-GB", viewport });
}

/** Nothing when the page does not scroll sideways; else the overflow and the elements that stick out, to say what to fix. */
const sideways = (page: Page) =>
  page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    if (document.documentElement.scrollWidth - width <= 1) return [];
    const out = [...document.body.querySelectorAll("*")].filter((el) => {
      const r = el.getBoundingClientRect();
      return r.width > 0 && (r.right > width + 1 || r.left < -1);
    });
    return [`scrolls by ${document.documentElement.scrollWidth - width}px`, ...out.slice(0, 8).map((el) => `${el.tagName.toLowerCase()}.${String(el.className).slice(0, 60)}`)];
  });

for (const locale of LOCALES) {
  test(`the dashboard in ${LOCALE_NAMES[locale]} draws its three charts with translated legends, titles and text alternatives, on a desktop and a phone`, async () => {
    const t = createTranslator({ locale, messages: MESSAGES[locale] });
    for (const [name, viewport] of [["desktop", DESKTOP], ["phone", PHONE]] as const) {
      const { page, watch } = await signedIn(admin.user, admin.user.id, locale, viewport);
      await page.waitForSelector("svg.recharts-surface >> nth=2");
      await page.waitForLoadState("networkidle");
      assert.deepEqual(await page.evaluate(() => [document.documentElement.lang, document.documentElement.dir]), [locale, locale === "he" ? "rtl" : "ltr"]);

      // Each chart: its title, an SVG drawing labelled by a summary, and a table of its figures.
      for (const title of [t("dashboard.charts.perDayTitle"), t("dashboard.charts.byCategoryTitle"), t("dashboard.charts.amountsTitle")]) {
        const card = page.locator("section", { has: page.getByRole("heading", { name: title, exact: true }) });
        assert.equal(await card.locator("svg.recharts-surface").count() >= 1, true, `${title}: a chart is drawn`);
        const label = await card.getByRole("img").first().getAttribute("aria-label");
        assert.ok(label && label.length > 10, `${title}: the drawing has a summary`);
        assert.ok((await card.locator(".sr-only table tr").count()) > 1, `${title}: a table of figures`);
      }
      await page.screenshot({ path: path.join(SHOTS, `${locale}-${name}.png`), fullPage: true });
      const legends = (await page.locator("[data-chart-legend]").allInnerTexts()).join(" | ");
      for (const word of [
        t("common.status.document.completed"),
        t("common.status.document.error"),
        t("dashboard.charts.uncategorised"),
        "Fuel",
        "שכירות",
        currencyName("ILS", locale),
        currencyName("USD", locale),
        currencyName("EUR", locale),
      ]) {
        assert.ok(legends.includes(word), `legend shows "${word}": ${legends}`);
      }
      // The panels below the charts: the failing mailbox with its error in the reader's words, and what happened lately.
      const attention = page.locator("section", { has: page.getByRole("heading", { name: t("dashboard.attention.title") }) });
      assert.equal(await attention.getByRole("link", { name: "scans@acme.test" }).getAttribute("href"), `/accounts/${failingId}`);
      assert.ok((await attention.innerText()).includes(t("accounts.errors.login")));
      const activity = page.locator("section", { has: page.getByRole("heading", { name: t("dashboard.activity.title") }) });
      assert.ok((await activity.innerText()).includes("invoice-0.pdf"));

      if (locale === "he") assert.deepEqual(await untranslatedText(page), [], "no English left on the Hebrew dashboard");
      assert.deepEqual(await sideways(page), [], `${name}: the page does not scroll sideways`);
      watch.assertClean(`${locale} ${name}`);
      await page.close();
    }
  });
}

test("a new company's dashboard says what to do next: connect a mailbox, then fetch one", async () => {
  const t = createTranslator({ locale: "en", messages: MESSAGES.en });
  const fresh = await makeUser(bt.tdb.db);
  const { page, watch } = await signedIn(fresh.user, fresh.user.id, "en", PHONE);
  await page.getByRole("heading", { name: t("dashboard.emptyTitle") }).waitFor();
  assert.equal(await page.getByRole("link", { name: t("dashboard.addMailbox") }).first().getAttribute("href"), "/accounts/new");
  assert.equal(await page.locator("svg.recharts-surface").count(), 0);
  await page.screenshot({ path: path.join(SHOTS, "en-phone-new-company.png"), fullPage: true });

  await makeImapAccount(bt.tdb.db, parseKeyring(bt.key), fresh.companyId, { email: "new@acme.test", host: "127.0.0.1", port: 143, password: "pw" });
  await page.reload();
  await page.getByRole("heading", { name: t("dashboard.firstDocuments.title") }).waitFor();
  assert.deepEqual(await sideways(page), []);
  await page.screenshot({ path: path.join(SHOTS, "en-phone-no-documents.png"), fullPage: true });
  watch.assertClean("new company");
});
