"use client";

import { useLocale, useTranslations } from "next-intl";
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { Locale } from "@/lib/i18n/locales";
import { DOCUMENT_STATUSES } from "@/lib/documents/contract";
import type { DayCounts } from "@/lib/stats/schemas";
import { useFormat } from "../format";
import { ChartCard } from "./chart-card";
import { axesFor, GRID_COLOR, longDay, shortDay, STATUS_COLORS, TICK } from "./chart-style";

/** The last 30 days' documents, one bar a day stacked by status. */
export function DocumentsPerDayChart({ days, className }: { days: DayCounts[]; className?: string }) {
  const t = useTranslations("dashboard.charts");
  const tStatus = useTranslations("common.status.document");
  const locale = useLocale() as Locale;
  const format = useFormat();
  const { reversed, valueAxis } = axesFor(locale);
  const totalOf = (d: DayCounts) => DOCUMENT_STATUSES.reduce((n, s) => n + d[s], 0);
  const total = days.reduce((n, d) => n + totalOf(d), 0);
  const busiest = days.reduce<DayCounts | null>((best, d) => (!best || totalOf(d) > totalOf(best) ? d : best), null);
  const summary = t("perDaySummary", { total, day: busiest ? longDay(busiest.day, locale) : "", busiest: busiest ? totalOf(busiest) : 0 });
  const table = {
    columns: [t("day"), ...DOCUMENT_STATUSES.map((s) => tStatus(s))],
    rows: days.filter((d) => totalOf(d) > 0).map((d) => [longDay(d.day, locale), ...DOCUMENT_STATUSES.map((s) => format.number(d[s]))]),
  };
  return (
    <ChartCard title={t("perDayTitle")} hint={t("perDayHint")} summary={summary} table={table} legend={DOCUMENT_STATUSES.map((s) => ({ key: s, label: tStatus(s), color: STATUS_COLORS[s] }))} height={260} className={className}>
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={days} margin={{ top: 8, right: 4, bottom: 0, left: 4 }}>
          <CartesianGrid vertical={false} stroke={GRID_COLOR} />
          <XAxis dataKey="day" reversed={reversed} padding={{ left: 12, right: 12 }} tick={TICK} tickLine={false} minTickGap={12} tickFormatter={(d: string) => shortDay(d, locale)} />
          <YAxis orientation={valueAxis} allowDecimals={false} width={36} tick={TICK} tickLine={false} axisLine={false} tickFormatter={(n: number) => format.number(n)} />
          <Tooltip cursor={{ fill: "#f1f5f9" }} labelFormatter={(d) => longDay(String(d), locale)} formatter={(v) => format.number(Number(v))} separator=": " />
          {DOCUMENT_STATUSES.map((s) => (
            <Bar key={s} dataKey={s} name={tStatus(s)} stackId="status" fill={STATUS_COLORS[s]} isAnimationActive={false} />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </ChartCard>
  );
}
