"use client";

import { useTranslations } from "next-intl";
import { Cell, Pie, PieChart, ResponsiveContainer, Tooltip } from "recharts";
import type { CategoryCount } from "@/lib/stats/schemas";
import { useFormat } from "../format";
import { ChartCard } from "./chart-card";
import { SERIES_COLORS, UNCATEGORISED_COLOR } from "./chart-style";

/** Slices beyond these many are one "other categories" slice: a donut of twenty slivers says nothing. */
const SLICES = 6;

/** Every document by category, the uncategorised among them, as a donut with its legend. */
export function CategoryChart({ categories, className }: { categories: CategoryCount[]; className?: string }) {
  const t = useTranslations("dashboard.charts");
  const format = useFormat();
  const slices = categories.map((c, i) => ({
    key: c.id ?? "none",
    name: c.id ? (c.name ?? "") : t("uncategorised"),
    count: c.count,
    color: c.id ? (c.color ?? SERIES_COLORS[i % SERIES_COLORS.length]) : UNCATEGORISED_COLOR,
  }));
  const shown = slices.length > SLICES + 1 ? [...slices.slice(0, SLICES), { key: "other", name: t("other"), count: slices.slice(SLICES).reduce((n, s) => n + s.count, 0), color: "#94a3b8" }] : slices;
  const total = slices.reduce((n, s) => n + s.count, 0);
  const largest = slices[0];
  const summary = largest ? t("byCategorySummary", { count: slices.length, name: largest.name, n: largest.count, total }) : "";
  // Category names are the company's own words: marked as data (<bdi>), not the interface's.
  const label = (s: { key: string; name: string }) => (s.key === "none" || s.key === "other" ? s.name : <bdi>{s.name}</bdi>);
  const table = { columns: [t("category"), t("documents")], rows: slices.map((s) => [label(s), format.number(s.count)]) };
  const legend = shown.map((s) => ({ key: s.key, color: s.color, label: <>{label(s)} ({format.number(s.count)})</> }));
  return (
    <ChartCard title={t("byCategoryTitle")} hint={t("byCategoryHint")} summary={summary} table={table} legend={legend} height={220} className={className}>
      <ResponsiveContainer width="100%" height="100%">
        <PieChart>
          <Pie data={shown} dataKey="count" nameKey="name" innerRadius="55%" outerRadius="85%" paddingAngle={1} isAnimationActive={false} >
            {shown.map((s) => (
              <Cell key={s.key} fill={s.color} stroke="#fff" />
            ))}
          </Pie>
          <Tooltip formatter={(v) => format.number(Number(v))} separator=": " />
        </PieChart>
      </ResponsiveContainer>
    </ChartCard>
  );
}
