"use client";

import { useLocale, useTranslations } from "next-intl";
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { Locale } from "@/lib/i18n/locales";
import type { AmountsPerMonth } from "@/lib/stats/schemas";
import { useFormat } from "../format";
import { ChartCard } from "./chart-card";
import { axesFor, compactNumber, currencyName, GRID_COLOR, monthName, SERIES_COLORS, TICK } from "./chart-style";

const NO_CURRENCY = "none";

/** The last 12 months' totals, one bar per currency in each month, each amount written in its own currency. */
export function AmountsChart({ amounts, className }: { amounts: AmountsPerMonth; className?: string }) {
  const t = useTranslations("dashboard.charts");
  const locale = useLocale() as Locale;
  const format = useFormat();
  const { reversed, valueAxis } = axesFor(locale);
  const series = amounts.currencies.map((c, i) => ({
    key: c.currency ?? NO_CURRENCY,
    currency: c.currency,
    name: c.currency ? currencyName(c.currency, locale) : t("noCurrency"),
    color: SERIES_COLORS[i % SERIES_COLORS.length],
    totals: c.totals,
  }));
  const data = amounts.months.map((month, i) => Object.fromEntries([["month", month], ...series.map((s) => [s.key, s.totals[i]])]));
  const money = (value: number, key: string) => format.money(value, key === NO_CURRENCY ? null : key);
  const yearTotals = series.map((s) => money(s.totals.reduce((a, b) => a + b, 0), s.key));
  const table = {
    columns: [t("month"), ...series.map((s) => s.name)],
    rows: amounts.months.map((m, i) => [monthName(m, locale, true), ...series.map((s) => money(s.totals[i], s.key))]),
  };
  return (
    <ChartCard title={t("amountsTitle")} hint={t("amountsHint")} summary={series.length ? t("amountsSummary", { totals: yearTotals.join(", ") }) : t("amountsEmpty")} table={table} legend={series.map((s) => ({ key: s.key, label: s.name, color: s.color }))} height={260} className={className}>
      {series.length === 0 ? (
        <p className="grid h-full place-items-center px-4 text-center text-sm text-slate-500">{t("amountsEmpty")}</p>
      ) : (
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={data} margin={{ top: 8, right: 4, bottom: 0, left: 4 }}>
            <CartesianGrid vertical={false} stroke={GRID_COLOR} />
            <XAxis dataKey="month" reversed={reversed} padding={{ left: 8, right: 8 }} tick={TICK} tickLine={false} minTickGap={8} tickFormatter={(m: string) => monthName(m, locale)} />
            <YAxis orientation={valueAxis} width={44} tick={TICK} tickLine={false} axisLine={false} tickFormatter={(n: number) => compactNumber(n, locale)} />
            <Tooltip cursor={{ fill: "#f1f5f9" }} labelFormatter={(m) => monthName(String(m), locale, true)} formatter={(v, _name, item) => money(Number(v), String(item.dataKey))} separator=": " />
            {series.map((s) => (
              <Bar key={s.key} dataKey={s.key} name={s.name} fill={s.color} radius={[2, 2, 0, 0]} isAnimationActive={false} />
            ))}
          </BarChart>
        </ResponsiveContainer>
      )}
    </ChartCard>
  );
}
