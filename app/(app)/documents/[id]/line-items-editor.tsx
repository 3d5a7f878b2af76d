"use client";

import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useEffect, type ReactNode } from "react";
import { useFieldArray, useWatch } from "react-hook-form";
import { correctDocumentSchema, LINE_ITEMS_MAX, type DocumentDetail, type LineItem } from "@/lib/documents/contract";
import { api } from "@/components/api-client";
import { Button } from "@/components/button";
import { inputClass } from "@/components/form-fields";
import { announceReviewChange } from "@/components/review-events";
import { useSchemaForm } from "@/components/use-schema-form";
import { Comparison, LineItemsTable, rowAmount } from "./line-items-table";
import { EditorButtons, editorKeys, kbd } from "./panel-parts";

const NUMERIC = ["quantity", "unit_price", "amount"] as const;
const EMPTY: LineItem = { description: "", quantity: null, unit_price: null, amount: null };
const toNumber = (v: unknown) => (v === null || v === undefined || (typeof v === "string" && v.trim() === "") ? null : Number(v));
const isEmpty = (r: LineItem) => !r.description.trim() && NUMERIC.every((c) => r[c] === null);

/**
 * The line items as a grid of inputs, validated by the schema PATCH /api/documents/:id parses. Rows can be
 * added and removed; Enter saves the whole list (rows left empty are dropped), Escape cancels.
 */
export function LineItemsEditor(props: {
  id: string;
  items: LineItem[];
  subtotal: number | null;
  total: number | null;
  money: (v: number | null) => string;
  onSaved: (items: LineItem[], message: string) => void;
  onCancel: () => void;
}) {
  const { id, items, money, onSaved, onCancel } = props;
  const t = useTranslations("documents.lineItems");
  const router = useRouter();
  const form = useSchemaForm(correctDocumentSchema, { defaultValues: { line_items: items.length ? items : [EMPTY] } });
  const rows = useFieldArray({ control: form.control, name: "line_items" });
  const values = (useWatch({ control: form.control, name: "line_items" }) ?? []) as LineItem[];
  const { setFocus } = form;
  useEffect(() => setFocus("line_items.0.description"), [setFocus]);

  const save = form.submit(async ({ line_items = [] }) => {
    // Rows left completely empty are dropped first, so the API's paths (line_items.N.x) count the rows on screen.
    const kept = line_items.filter((r) => !isEmpty(r));
    if (kept.length !== line_items.length) rows.replace(kept.length ? kept : [EMPTY]);
    const doc = await api<DocumentDetail>(`/api/documents/${id}`, { method: "PATCH", body: { line_items: kept } });
    onSaved(doc.line_items, t("saved", { count: kept.length }));
    announceReviewChange();
    router.refresh();
  });

  function remove(index: number) {
    rows.remove(index);
    form.clearErrors();
    requestAnimationFrame(() => (rows.fields.length > 1 ? setFocus(`line_items.${Math.max(0, index - 1)}.description`) : document.getElementById("line-items-add")?.focus()));
  }

  const label = (column: string, row: number) => t("cellLabel", { column, row });
  return (
    <form onSubmit={save} onKeyDown={editorKeys(onCancel)} aria-label={t("formLabel")} noValidate>
      <fieldset disabled={form.busy}>
        <LineItemsTable items={values} editing money={money}>
          {rows.fields.map((row, i) => {
            const computed = values[i]?.amount === null || values[i]?.amount === undefined ? rowAmount({ ...values[i], amount: null }).value : null;
            return (
              <tr key={row.id} className="align-top">
                <td className="px-3 py-2 text-end text-xs text-slate-400 tabular-nums">{i + 1}</td>
                <Cell label={label(t("description"), i + 1)} {...form.field(`line_items.${i}.description`)}>
                  {(p) => <input {...p} className={`${p.className} min-w-48`} type="text" dir="auto" maxLength={500} />}
                </Cell>
                {NUMERIC.map((c) => (
                  <Cell key={c} label={label(t(c === "quantity" ? "quantityLong" : c === "unit_price" ? "unitPrice" : "amount"), i + 1)} {...form.field(`line_items.${i}.${c}`)} {...form.register(`line_items.${i}.${c}`, { setValueAs: toNumber })}>
                    {(p) => <input {...p} type="number" step="any" inputMode="decimal" className={`${p.className} text-end tabular-nums ${c === "quantity" ? "min-w-20" : "min-w-24"}`} placeholder={c === "amount" && computed !== null ? String(computed) : undefined} />}
                  </Cell>
                ))}
                <td className="px-2 py-2 text-center">
                  <Button variant="ghost-danger" size="sm" onClick={() => remove(i)} aria-label={t("removeRow", { row: i + 1 })} title={t("removeHint")}>
                    <svg viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth={1.8} strokeLinecap="round" className="size-4" aria-hidden>
                      <path d="M6 6l12 12M18 6L6 18" />
                    </svg>
                  </Button>
                </td>
              </tr>
            );
          })}
        </LineItemsTable>
      </fieldset>
      <div className="space-y-3 px-5 py-3">
        <Comparison items={values} subtotal={props.subtotal} total={props.total} money={money} />
        <EditorButtons busy={form.busy} saveLabel={t("save")} onCancel={onCancel} formError={form.formError} keys={t.rich("keys", { kbd })}>
          <Button id="line-items-add" variant="ghost" size="sm" onClick={() => rows.append(EMPTY)} disabled={form.busy || rows.fields.length >= LINE_ITEMS_MAX}>
            + {t("addRow")}
          </Button>
        </EditorButtons>
      </div>
    </form>
  );
}

type CellProps = { id: string; name: string; error?: string; label: string; children: (p: Record<string, unknown> & { className: string }) => ReactNode } & Record<string, unknown>;

/** One input of the grid: named by aria-label (the column and row), its message below it. */
function Cell({ id, error, label, children, ...registered }: CellProps) {
  return (
    <td className="px-1.5 py-1.5">
      {children({ ...registered, id, "aria-label": label, "aria-invalid": error ? true : undefined, "aria-describedby": error ? `${id}-error` : undefined, className: `${inputClass} py-1.5` })}
      {error && (
        <p id={`${id}-error`} className="mt-1 text-xs text-red-600">
          {error}
        </p>
      )}
    </td>
  );
}
