"use client";

import type { ReactNode } from "react";
import { useTranslations } from "next-intl";
import { useHydrated } from "../time";

export type ChartTable = { columns: string[]; rows: ReactNode[][] };
export type LegendItem = { key: string; label: ReactNode; color: string };

/**
 * A chart with its title and two text alternatives: a one-sentence summary as the drawing's label,
 * and its figures as a table for screen readers. The drawing is made in the browser only (its size
 * is the container's), inside a box of fixed height so nothing moves when it appears.
 */
export function ChartCard({ title, hint, summary, table, legend, height, className = "", children }: { title: string; hint?: string; summary: string; table: ChartTable; legend: LegendItem[]; height: number; className?: string; children: ReactNode }) {
  const t = useTranslations("dashboard.charts");
  const hydrated = useHydrated();
  return (
    <section className={`min-w-0 rounded-lg border border-slate-200 bg-white shadow-sm ${className}`}>
      <div className="border-b border-slate-200 px-5 py-3">
        <h2 className="text-sm font-semibold text-slate-900">{title}</h2>
        {hint && <p className="mt-0.5 text-xs text-slate-500">{hint}</p>}
      </div>
      <div className="px-2 py-4 sm:px-4">
        <div role="img" aria-label={summary} className="w-full min-w-0 overflow-hidden" style={{ height }}>
          {hydrated ? children : null}
        </div>
        {/* In the page's own flow (not drawn by the chart), so it wraps on a phone and reads right to left in Hebrew. */}
        <ul data-chart-legend className="mt-2 flex flex-wrap justify-center gap-x-4 gap-y-1 px-2 text-xs text-slate-600">
          {legend.map((l) => (
            <li key={l.key} className="flex min-w-0 items-center gap-1.5">
              <span className="size-2.5 shrink-0 rounded-full" style={{ backgroundColor: l.color }} aria-hidden />
              <span className="min-w-0 break-words">{l.label}</span>
            </li>
          ))}
        </ul>
        {/* A table keeps its content's width whatever its own: hidden inside a box, not by itself, so it cannot widen the page. */}
        <div className="sr-only">
        <table>
          <caption>
            {title}: {t("dataTable")}
          </caption>
          <thead>
            <tr>
              {table.columns.map((c) => (
                <th key={c} scope="col">
                  {c}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {table.rows.map((r, row) => (
              <tr key={row}>
                {r.map((cell, i) => (i === 0 ? <th key={i} scope="row">{cell}</th> : <td key={i}>{cell}</td>))}
              </tr>
            ))}
          </tbody>
        </table>
        </div>
      </div>
    </section>
  );
}
