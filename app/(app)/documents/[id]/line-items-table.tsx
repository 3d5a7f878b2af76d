"use client";

// The line-items table as both the view and the editor draw it: the header, the sum of the amounts
// in the footer, and the sum compared with the subtotal and the total.
import { useTranslations } from "next-intl";
import type { ReactNode } from "react";

type Numbers = { quantity: unknown; unit_price: unknown; amount: unknown };
const TOLERANCE = 0.01;

export const finite = (v: unknown): number | null => (typeof v === "number" && Number.isFinite(v) ? v : typeof v === "string" && v.trim() !== "" && Number.isFinite(Number(v)) ? Number(v) : null);

/** A row's amount, or quantity × unit price when the amount is missing. */
export function rowAmount(i: Numbers): { value: number | null; computed: boolean } {
  const [quantity, price, amount] = [finite(i.quantity), finite(i.unit_price), finite(i.amount)];
  if (amount !== null) return { value: amount, computed: false };
  if (quantity !== null && price !== null && Number.isFinite(quantity * price)) return { value: Math.round(quantity * price * 100) / 100, computed: true };
  return { value: null, computed: false };
}

export function sumOf(items: Numbers[]) {
  const amounts = items.map((i) => rowAmount(i).value).filter((a) => a !== null);
  return { sum: Math.round(amounts.reduce((a, b) => a + b, 0) * 100) / 100, counted: amounts.length };
}

/** The table with its header and the sum in its footer; `editing` adds the remove column. */
export function LineItemsTable({ items, editing, money, children }: { items: Numbers[]; editing: boolean; money: (v: number | null) => string; children: ReactNode }) {
  const t = useTranslations("documents.lineItems");
  const { sum, counted } = sumOf(items);
  const numeric = "px-3 py-2 text-end";
  return (
    <div className="relative overflow-x-auto">
      <table className="min-w-full text-sm">
        <thead>
          <tr className="border-b border-slate-200 bg-slate-50 text-start text-xs font-semibold tracking-wide text-slate-500 uppercase">
            <th scope="col" className={`w-10 ${numeric}`}>
              #
            </th>
            <th scope="col" className="px-3 py-2 text-start">
              {t("description")}
            </th>
            <th scope="col" className={`w-24 ${numeric}`}>
              {t("quantity")}
            </th>
            <th scope="col" className={`w-32 ${numeric}`}>
              {t("unitPrice")}
            </th>
            <th scope="col" className={`w-32 ${numeric}`}>
              {t("amount")}
            </th>
            {editing && (
              <th scope="col" className="w-12 px-2 py-2">
                <span className="sr-only">{t("remove")}</span>
              </th>
            )}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">{children}</tbody>
        <tfoot>
          <tr className="border-t border-slate-200 bg-slate-50/60">
            <td />
            <th scope="row" colSpan={3} className="px-3 py-2 text-end text-xs font-medium text-slate-600">
              {counted === items.length ? t("sum") : t("sumOf", { counted, total: items.length })}
            </th>
            <td className="px-3 py-2 text-end font-semibold whitespace-nowrap text-slate-900 tabular-nums">{money(sum)}</td>
            {editing && <td />}
          </tr>
        </tfoot>
      </table>
    </div>
  );
}

/** The sum against the subtotal (what line items should add up to) and the total. */
export function Comparison({ items, subtotal, total, money }: { items: Numbers[]; subtotal: number | null; total: number | null; money: (v: number | null) => string }) {
  const t = useTranslations("documents.lineItems");
  const { sum, counted } = sumOf(items);
  if (counted === 0) return null;
  const against = [
    { name: "subtotal", value: subtotal },
    { name: "total", value: total },
  ].filter((c): c is { name: string; value: number } => c.value !== null && Number.isFinite(c.value));
  if (!against.length) return <p className="text-xs text-slate-500">{t("nothingToCompare")}</p>;
  const match = against.find((c) => Math.abs(c.value - sum) <= TOLERANCE);
  if (match) {
    return (
      <p className="flex items-center gap-1.5 text-xs text-emerald-700">
        <Mark ok /> {t("matches", { against: match.name, value: money(match.value) })}
      </p>
    );
  }
  // Line items should add up to the subtotal; the total is the reference only when there is no subtotal.
  const c = against[0];
  const diff = Math.round((sum - c.value) * 100) / 100;
  return (
    <p className="flex items-center gap-1.5 text-xs text-amber-800">
      <Mark ok={false} /> {t("differs", { difference: money(Math.abs(diff)), direction: diff > 0 ? "more" : "less", against: c.name, value: money(c.value) })}
    </p>
  );
}

function Mark({ ok }: { ok: boolean }) {
  return (
    <svg viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth={2.2} strokeLinecap="round" strokeLinejoin="round" className="size-3.5 shrink-0" aria-hidden>
      <path d={ok ? "M5 12l5 5L20 7" : "M12 8v4M12 16h.01M12 21a9 9 0 100-18 9 9 0 000 18z"} />
    </svg>
  );
}
