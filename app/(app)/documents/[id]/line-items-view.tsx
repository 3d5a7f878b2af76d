"use client";

import { useTranslations } from "next-intl";
import type { LineItem } from "@/lib/documents/contract";
import { useFormat } from "@/components/format";
import { LineItemsTable, rowAmount } from "./line-items-table";

/** The line items as read; an amount missing on the document shows as quantity × unit price, in italics. */
export function LineItemsView({ items, money }: { items: LineItem[]; money: (v: number | null) => string }) {
  const t = useTranslations("documents.lineItems");
  const format = useFormat();
  const cell = "px-3 py-2 text-end whitespace-nowrap tabular-nums";
  return (
    <LineItemsTable items={items} editing={false} money={money}>
      {items.map((item, i) => {
        const a = rowAmount(item);
        return (
          <tr key={i} className="align-top">
            <td className="px-3 py-2 text-end text-xs text-slate-400 tabular-nums">{i + 1}</td>
            <td className="px-3 py-2 text-slate-800">
              <span dir="auto" className="block text-start">
                {item.description || <span className="text-slate-400">{t("noDescription")}</span>}
              </span>
            </td>
            <td className={cell}>{format.number(item.quantity)}</td>
            <td className={cell}>{item.unit_price === null ? "—" : money(item.unit_price)}</td>
            <td className={cell}>
              {a.value === null ? (
                "—"
              ) : a.computed ? (
                <span className="text-slate-500 italic" title={t("computed")}>
                  {money(a.value)}
                </span>
              ) : (
                money(a.value)
              )}
            </td>
          </tr>
        );
      })}
    </LineItemsTable>
  );
}
