import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { parseKeyring } from "@/lib/crypto/secrets";
import { amountsPerMonth, dashboardSeries, documentsByCategory, documentsPerDay } from "@/lib/stats/series";
import { accountsNeedingAttention } from "@/lib/stats/attention";
import { companyStatsSchema, dashboardStatsSchema } from "@/lib/stats/schemas";
import type { TestDatabase } from "../support/db";
import { makeImapAccount, makeUser } from "../support/factories";
import { insertCategory, insertDocument } from "../support/documents";
import { call, startWebTest, type WebTest } from "../support/web";

let web: WebTest;
let tdb: TestDatabase;
let key: string;
let stats: typeof import("@/app/api/stats/route");

// Noon in Jerusalem (UTC+2 in December) on 15 December 2026.
const NOW = new Date("2026-12-15T10:00:00Z");
const daysAgo = (n: number, hourUtc = 10) => new Date(Date.UTC(2026, 11, 15 - n, hourUtc));

before(async () => {
  web = await startWebTest("dashboard");
  ({ tdb, key } = web);
  stats = await import("@/app/api/stats/route");
});

after(() => web.stop());

async function company(timeZone = "Asia/Jerusalem", defaultCurrency: string | null = null) {
  const u = await makeUser(tdb.db);
  await tdb.sql`update companies set time_zone = ${timeZone}, default_currency = ${defaultCurrency} where id = ${u.companyId}`;
  return u;
}

describe("dashboard stats", () => {
  test("documents per day: the last 30 days of the company's calendar, stacked by status, empty days as zeros", async () => {
    const a = await company();
    await insertDocument(tdb.sql, a.companyId, { at: daysAgo(0), status: "completed" });
    await insertDocument(tdb.sql, a.companyId, { at: daysAgo(0), status: "error" });
    await insertDocument(tdb.sql, a.companyId, { at: daysAgo(2), status: "pending" });
    await insertDocument(tdb.sql, a.companyId, { at: daysAgo(29), status: "completed" });
    await insertDocument(tdb.sql, a.companyId, { at: daysAgo(31), status: "completed" }); // before the window
    const other = await company();
    await insertDocument(tdb.sql, other.companyId, { at: daysAgo(0), status: "completed" });

    const days = await documentsPerDay(tdb.db, a.companyId, NOW);
    assert.equal(days.length, 30);
    assert.equal(days[0].day, "2026-11-16");
    assert.equal(days.at(-1)!.day, "2026-12-15");
    assert.deepEqual(days.at(-1), { day: "2026-12-15", pending: 0, processing: 0, completed: 1, error: 1 });
    assert.deepEqual(days.at(-3), { day: "2026-12-13", pending: 1, processing: 0, completed: 0, error: 0 });
    assert.deepEqual(days[0], { day: "2026-11-16", pending: 0, processing: 0, completed: 1, error: 0 });
    assert.deepEqual(days.at(-2), { day: "2026-12-14", pending: 0, processing: 0, completed: 0, error: 0 });
    const total = days.reduce((n, d) => n + d.pending + d.processing + d.completed + d.error, 0);
    assert.equal(total, 4, "the older document and the other company's are not counted");
  });

  test("a document received at 00:30 in the company's time zone counts on that day, not UTC's", async () => {
    const jerusalem = await company("Asia/Jerusalem");
    const utc = await company("UTC");
    // 22:30 UTC on 13 December is 00:30 on 14 December in Jerusalem.
    const boundary = new Date("2026-12-13T22:30:00Z");
    await insertDocument(tdb.sql, jerusalem.companyId, { at: boundary });
    await insertDocument(tdb.sql, utc.companyId, { at: boundary });
    const dayOf = async (companyId: string) => (await documentsPerDay(tdb.db, companyId, NOW)).find((d) => d.completed > 0)?.day;
    assert.equal(await dayOf(jerusalem.companyId), "2026-12-14");
    assert.equal(await dayOf(utc.companyId), "2026-12-13");

    // Months too: 23:30 UTC on 30 November is 1 December in Jerusalem.
    const monthEnd = new Date("2026-11-30T23:30:00Z");
    await insertDocument(tdb.sql, jerusalem.companyId, { at: monthEnd, total: 10, currency: "ILS" });
    await insertDocument(tdb.sql, utc.companyId, { at: monthEnd, total: 10, currency: "ILS" });
    const monthOf = async (companyId: string) => {
      const a = await amountsPerMonth(tdb.db, companyId, NOW);
      return a.months[a.currencies[0].totals.findIndex((t) => t > 0)];
    };
    assert.equal(await monthOf(jerusalem.companyId), "2026-12");
    assert.equal(await monthOf(utc.companyId), "2026-11");
  });

  test("documents by category, the uncategorised among them, most first; another company's categories are not shown", async () => {
    const a = await company();
    const fuel = await insertCategory(tdb.sql, a.companyId, "Fuel", "#ff8800");
    const rent = await insertCategory(tdb.sql, a.companyId, "Rent", "#2266aa");
    await insertCategory(tdb.sql, a.companyId, "Empty", "#000000");
    for (let i = 0; i < 3; i++) await insertDocument(tdb.sql, a.companyId, { at: daysAgo(i), categoryId: fuel });
    await insertDocument(tdb.sql, a.companyId, { at: daysAgo(40), categoryId: rent });
    await insertDocument(tdb.sql, a.companyId, { at: daysAgo(1) });
    await insertDocument(tdb.sql, a.companyId, { at: daysAgo(1) });
    const other = await company();
    await insertDocument(tdb.sql, other.companyId, { at: daysAgo(1), categoryId: await insertCategory(tdb.sql, other.companyId, "Theirs", "#111111") });

    assert.deepEqual(await documentsByCategory(tdb.db, a.companyId), [
      { id: fuel, name: "Fuel", color: "#ff8800", count: 3 },
      { id: null, name: null, color: null, count: 2 },
      { id: rent, name: "Rent", color: "#2266aa", count: 1 },
    ]);
  });

  test("amounts per month per currency: a person's corrected total and currency win, documents without a total are left out", async () => {
    const a = await company("Asia/Jerusalem", "ILS");
    const by = { by: "someone@example.test", at: NOW.toISOString() };
    await insertDocument(tdb.sql, a.companyId, { at: daysAgo(0), total: 100, currency: "ILS" });
    await insertDocument(tdb.sql, a.companyId, { at: daysAgo(1), total: 50.25, currency: "ILS" });
    // Read as 999 USD; the person said it is 120 EUR.
    await insertDocument(tdb.sql, a.companyId, { at: daysAgo(2), total: 999, currency: "USD", corrections: { fields: { total: { value: 120, ...by }, currency: { value: "EUR", ...by } } } });
    // A total the person cleared: not an amount any more.
    await insertDocument(tdb.sql, a.companyId, { at: daysAgo(2), total: 70, currency: "ILS", corrections: { fields: { total: { value: null, ...by } } } });
    // No currency on the page: the company's default.
    await insertDocument(tdb.sql, a.companyId, { at: daysAgo(3), total: 30 });
    // No total at all.
    await insertDocument(tdb.sql, a.companyId, { at: daysAgo(3), currency: "USD" });
    // Two months ago, in dollars.
    await insertDocument(tdb.sql, a.companyId, { at: new Date("2026-10-10T10:00:00Z"), total: 40, currency: "USD" });
    // Thirteen months ago: outside the window.
    await insertDocument(tdb.sql, a.companyId, { at: new Date("2025-11-10T10:00:00Z"), total: 5000, currency: "ILS" });
    const other = await company();
    await insertDocument(tdb.sql, other.companyId, { at: daysAgo(0), total: 1_000_000, currency: "ILS" });

    const amounts = await amountsPerMonth(tdb.db, a.companyId, NOW);
    assert.equal(amounts.months.length, 12);
    assert.deepEqual([amounts.months[0], amounts.months.at(-1)], ["2026-01", "2026-12"]);
    const series = Object.fromEntries(amounts.currencies.map((c) => [c.currency, { total: c.totals, docs: c.documents }]));
    assert.deepEqual(Object.keys(series).sort(), ["EUR", "ILS", "USD"]);
    assert.equal(series.ILS.total.at(-1), 180.25);
    assert.equal(series.ILS.docs.at(-1), 3);
    assert.equal(series.ILS.total.slice(0, -1).reduce((x: number, y: number) => x + y, 0), 0);
    assert.equal(series.EUR.total.at(-1), 120);
    assert.deepEqual(series.USD.total, [0, 0, 0, 0, 0, 0, 0, 0, 0, 40, 0, 0], "the corrected USD document counts as euros, not dollars");
  });

  test("mailboxes needing attention: failing, disabled, paused and not fetched for long, worst first; healthy ones are not listed", async () => {
    const a = await company();
    const ring = parseKeyring(key);
    const make = (email: string) => makeImapAccount(tdb.db, ring, a.companyId, { email, host: "127.0.0.1", port: 143, password: "pw" });
    const [failing, disabled, paused, stale, healthy] = await Promise.all(["failing@x.test", "disabled@x.test", "paused@x.test", "stale@x.test", "healthy@x.test"].map(make));
    const fetchedAgo = (hours: number) => new Date(NOW.getTime() - hours * 3600_000);
    await tdb.sql`update mail_accounts set status = 'auth_error', last_error_code = 'login', last_error = 'Authentication failed', last_fetch_at = ${fetchedAgo(1).toISOString()} where id = ${failing.id}`;
    await tdb.sql`update mail_accounts set status = 'disabled', last_fetch_at = ${fetchedAgo(1).toISOString()} where id = ${disabled.id}`;
    await tdb.sql`update mail_accounts set status = 'ok', auto_fetch = false, last_fetch_at = ${fetchedAgo(1).toISOString()} where id = ${paused.id}`;
    await tdb.sql`update mail_accounts set status = 'ok', last_fetch_at = ${fetchedAgo(30).toISOString()} where id = ${stale.id}`;
    await tdb.sql`update mail_accounts set status = 'ok', last_fetch_at = ${fetchedAgo(1).toISOString()} where id = ${healthy.id}`;
    const other = await company();
    const theirs = await makeImapAccount(tdb.db, ring, other.companyId, { email: "theirs@x.test", host: "127.0.0.1", port: 143, password: "pw" });
    await tdb.sql`update mail_accounts set status = 'auth_error' where id = ${theirs.id}`;

    const list = await accountsNeedingAttention(tdb.db, a.companyId, NOW);
    assert.deepEqual(list.map((x) => [x.email, x.reason]), [["failing@x.test", "error"], ["disabled@x.test", "disabled"], ["paused@x.test", "paused"], ["stale@x.test", "stale"]]);
    assert.equal(list[0].last_error_code, "login");
  });

  test("GET /api/stats answers the totals; with include=series the charts too, for the caller's company only", async () => {
    const a = await company();
    const b = await company();
    await insertDocument(tdb.sql, a.companyId, { at: new Date(), total: 12, currency: "USD", filename: "ours.pdf" });
    await insertDocument(tdb.sql, b.companyId, { at: new Date(), total: 99, currency: "USD", filename: "theirs.pdf" });

    const plain = await call(stats.GET, { token: a.token, path: "/api/stats" });
    assert.equal(plain.status, 200);
    companyStatsSchema.parse(plain.json);
    assert.equal(plain.json.documents, 1);
    assert.equal(plain.json.documents_per_day, undefined, "the badge's call stays cheap");

    const full = await call(stats.GET, { token: a.token, path: "/api/stats?include=series" });
    assert.equal(full.status, 200);
    const s = dashboardStatsSchema.parse(full.json);
    assert.equal(s.documents, 1);
    assert.equal(s.time_zone, "Asia/Jerusalem");
    assert.equal(s.documents_per_day.length, 30);
    assert.equal(s.documents_per_day.at(-1)!.completed, 1);
    assert.deepEqual(s.amounts_per_month.currencies.map((c) => [c.currency, c.totals.at(-1)]), [["USD", 12]]);
    assert.deepEqual(s.recent_activity.map((e) => e.kind === "document" && e.filename), ["ours.pdf"]);
    assert.deepEqual(await dashboardSeries(tdb.db, a.companyId).then((x) => x.documents_by_category), [{ id: null, name: null, color: null, count: 1 }]);

    const bad = await call(stats.GET, { token: a.token, path: "/api/stats?include=everything" });
    assert.equal(bad.status, 422);
  });
});
