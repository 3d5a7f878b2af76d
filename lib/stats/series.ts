// The dashboard's charts: each one query, scoped to one company, bucketed by days and months of
// the company's own time zone (a document received at 00:30 in Jerusalem belongs to that day).
import { sql } from "drizzle-orm";
import type { DbOrTx } from "../db/client";
import { accountsNeedingAttention } from "./attention";
import { recentActivity } from "./activity";
import type { AmountsPerMonth, CategoryCount, DashboardSeries, DayCounts } from "./schemas";

export const DAYS = 30;
export const MONTHS = 12;

/** Every chart of the dashboard home, asked at once; `now` is the clock (tests set it). */
export async function dashboardSeries(db: DbOrTx, companyId: string, now = new Date()): Promise<DashboardSeries> {
  const [zone, perDay, byCategory, amounts, attention, activity] = await Promise.all([
    companyTimeZone(db, companyId),
    documentsPerDay(db, companyId, now),
    documentsByCategory(db, companyId),
    amountsPerMonth(db, companyId, now),
    accountsNeedingAttention(db, companyId, now),
    recentActivity(db, companyId),
  ]);
  return { time_zone: zone, documents_per_day: perDay, documents_by_category: byCategory, amounts_per_month: amounts, accounts_needing_attention: attention, recent_activity: activity };
}

/** The last DAYS days (today included) in the company's time zone, each with its documents by status; days without any are zeros. */
export async function documentsPerDay(db: DbOrTx, companyId: string, now = new Date()): Promise<DayCounts[]> {
  const rows = await db.execute<DayCounts>(sql`
    with tz as (select time_zone as zone, (${now.toISOString()}::timestamptz at time zone time_zone)::date as today from companies where id = ${companyId}),
    days as (select (tz.today - n)::date as day from tz, generate_series(0, ${DAYS - 1}::int) as n),
    counts as (
      -- The range is on created_at itself, so documents_company_created_idx bounds the scan.
      select (d.created_at at time zone tz.zone)::date as day, d.status, count(*)::int as n
      from tz join documents d on d.company_id = ${companyId} and d.created_at >= ((tz.today - ${DAYS - 1}::int)::timestamp at time zone tz.zone)
      group by 1, 2
    )
    select to_char(days.day, 'YYYY-MM-DD') as day,
      coalesce(sum(n) filter (where status = 'pending'), 0)::int as pending,
      coalesce(sum(n) filter (where status = 'processing'), 0)::int as processing,
      coalesce(sum(n) filter (where status = 'completed'), 0)::int as completed,
      coalesce(sum(n) filter (where status = 'error'), 0)::int as error
    from days left join counts on counts.day = days.day
    group by days.day order by days.day`);
  return [...rows];
}

/** Every category with documents, most first, and the documents without one (id null). */
export async function documentsByCategory(db: DbOrTx, companyId: string): Promise<CategoryCount[]> {
  const rows = await db.execute<CategoryCount>(sql`
    select c.id, c.name, c.color, count(*)::int as count
    from documents d left join categories c on c.id = d.category_id and c.company_id = d.company_id
    where d.company_id = ${companyId}
    group by c.id, c.name, c.color
    order by count desc, c.name nulls last`);
  return [...rows];
}

/**
 * Totals of the documents received in each of the last MONTHS months, per currency. A person's
 * correction of the total or currency wins over what was read, even one that cleared it; documents
 * without a total are left out, and one without a currency counts in the company's default.
 */
export async function amountsPerMonth(db: DbOrTx, companyId: string, now = new Date()): Promise<AmountsPerMonth> {
  const rows = await db.execute<{ month: string; currency: string | null; total: number; documents: number }>(sql`
    with tz as (
      select time_zone as zone, default_currency,
        date_trunc('month', ${now.toISOString()}::timestamptz at time zone time_zone) - interval '${sql.raw(String(MONTHS - 1))} months' as since
      from companies where id = ${companyId}
    ),
    amounts as (
      select to_char(date_trunc('month', d.created_at at time zone tz.zone), 'YYYY-MM') as month,
        upper(coalesce(${corrected("currency")}, tz.default_currency)) as currency,
        ${corrected("total")} as total
      from tz join documents d on d.company_id = ${companyId} and d.created_at >= (tz.since at time zone tz.zone)
    )
    select month, currency, sum(total::numeric)::float8 as total, count(*)::int as documents
    from amounts
    where total ~ '^-?[0-9]+(\\.[0-9]+)?$'
    group by month, currency
    order by currency nulls last, month`);
  const months = lastMonths(now, await companyTimeZone(db, companyId));
  const byCurrency = new Map<string | null, { currency: string | null; totals: number[]; documents: number[] }>();
  for (const r of rows) {
    const i = months.indexOf(r.month);
    if (i < 0) continue;
    let series = byCurrency.get(r.currency);
    if (!series) byCurrency.set(r.currency, (series = { currency: r.currency, totals: months.map(() => 0), documents: months.map(() => 0) }));
    series.totals[i] = r.total;
    series.documents[i] = r.documents;
  }
  return { months, currencies: [...byCurrency.values()] };
}

export async function companyTimeZone(db: DbOrTx, companyId: string): Promise<string> {
  const [row] = await db.execute<{ time_zone: string }>(sql`select time_zone from companies where id = ${companyId}`);
  return row?.time_zone ?? "UTC";
}

/** A field as people see it, as text: their correction when they made one (null when they cleared it), else what was read. */
function corrected(field: "total" | "currency") {
  return sql.raw(`case when d.corrections -> 'fields' ? '${field}' then d.corrections #>> '{fields,${field},value}' else d.fields #>> '{${field},value}' end`);
}

/** yyyy-mm of the MONTHS months up to `now`'s, in `timeZone`, oldest first. */
function lastMonths(now: Date, timeZone: string): string[] {
  const parts = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit" }).formatToParts(now);
  const year = Number(parts.find((p) => p.type === "year")!.value);
  const month = Number(parts.find((p) => p.type === "month")!.value);
  return Array.from({ length: MONTHS }, (_, k) => {
    const m = (year * 12 + month - 1) - (MONTHS - 1 - k);
    return `${Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, "0")}`;
  });
}
