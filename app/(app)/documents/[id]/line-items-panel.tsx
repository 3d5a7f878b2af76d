"use client";

import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useId, useRef, useState, type FormEvent, type KeyboardEvent, type ReactNode } from "react";
import { api, ApiError, focusFirstInvalid, formMessage, type FieldErrors } from "@/components/api-client";
import { Button } from "@/components/button";
import { SourceBadge, type LineItem } from "@/components/extraction";
import { FormError, inputClass } from "@/components/form-fields";
import { formatMoney, formatNumber } from "@/components/format";
import { announceReviewChange } from "@/components/review-events";

type Row = { key: number; description: string; quantity: string; unit_price: string; amount: string };
const NUMERIC = ["quantity", "unit_price", "amount"] as const;
const TOLERANCE = 0.01;

let nextKey = 1;
const toRow = (i: LineItem): Row => ({
  key: nextKey++,
  description: i.description ?? "",
  quantity: i.quantity === null ? "" : String(i.quantity),
  unit_price: i.unit_price === null ? "" : String(i.unit_price),
  amount: i.amount === null ? "" : String(i.amount),
});
const emptyRow = (): Row => ({ key: nextKey++, description: "", quantity: "", unit_price: "", amount: "" });
const num = (s: string) => (s.trim() === "" ? null : Number(s));

/** A row's amount, or quantity × unit price when the amount is missing. */
function rowAmount(i: { quantity: number | null; unit_price: number | null; amount: number | null }): { value: number | null; computed: boolean } {
  if (i.amount !== null && Number.isFinite(i.amount)) return { value: i.amount, computed: false };
  if (i.quantity !== null && i.unit_price !== null && Number.isFinite(i.quantity * i.unit_price)) return { value: Math.round(i.quantity * i.unit_price * 100) / 100, computed: true };
  return { value: null, computed: false };
}

function sumOf(items: { quantity: number | null; unit_price: number | null; amount: number | null }[]) {
  let sum = 0;
  let counted = 0;
  for (const i of items) {
    const a = rowAmount(i).value;
    if (a !== null) {
      sum += a;
      counted++;
    }
  }
  return { sum: Math.round(sum * 100) / 100, counted };
}

/**
 * The line items as a table, their sum compared with the subtotal and total. Edit turns the table into
 * inputs (add and remove rows); Enter saves the whole list, Escape cancels.
 */
export function LineItemsPanel({
  id,
  items: serverItems,
  corrected,
  extractor,
  subtotal,
  total,
  currency,
  status,
}: {
  id: string;
  items: LineItem[];
  corrected: boolean;
  extractor: string | null;
  subtotal: number | null;
  total: number | null;
  currency: string | null;
  status: string;
}) {
  const router = useRouter();
  const uid = useId();
  const tErrors = useTranslations("common.errors");
  const [prev, setPrev] = useState(serverItems);
  const [items, setItems] = useState(serverItems);
  const [isCorrected, setIsCorrected] = useState(corrected);
  if (prev !== serverItems) {
    setPrev(serverItems);
    setItems(serverItems);
    setIsCorrected(corrected);
  }
  const [rows, setRows] = useState<Row[] | null>(null);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const editButton = useRef<HTMLButtonElement>(null);
  const form = useRef<HTMLFormElement>(null);
  const cellId = (row: number, col: string) => `${uid}-${row}-${col}`;
  const editing = rows !== null;

  function edit() {
    setRows(items.length ? items.map(toRow) : [emptyRow()]);
    setErrors({});
    setFormError(null);
    setNotice(null);
    requestAnimationFrame(() => document.getElementById(cellId(0, "description"))?.focus());
  }

  function close(message: string | null = null) {
    setRows(null);
    setErrors({});
    setFormError(null);
    setNotice(message);
    requestAnimationFrame(() => editButton.current?.focus());
  }

  function addRow() {
    setRows((r) => [...(r ?? []), emptyRow()]);
    const index = rows?.length ?? 0;
    requestAnimationFrame(() => document.getElementById(cellId(index, "description"))?.focus());
  }

  function removeRow(index: number) {
    setRows((r) => (r ?? []).filter((_, i) => i !== index));
    setErrors({});
    requestAnimationFrame(() => document.getElementById(cellId(Math.max(0, index - 1), "description"))?.focus() ?? document.getElementById(`${uid}-add`)?.focus());
  }

  function setCell(index: number, col: keyof Omit<Row, "key">, value: string) {
    setRows((r) => (r ?? []).map((row, i) => (i === index ? { ...row, [col]: value } : row)));
  }

  async function save(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (!rows) return;
    // Rows left completely empty are dropped; the API paths (line_items.N.x) count the rows that are sent.
    const kept = rows.filter((r) => r.description.trim() || NUMERIC.some((c) => r[c].trim()));
    const local: FieldErrors = {};
    const body = kept.map((r) => {
      const index = rows.indexOf(r);
      for (const c of NUMERIC) if (r[c].trim() && !Number.isFinite(Number(r[c]))) local[`${index}.${c}`] = "must be a number";
      return { description: r.description.trim(), quantity: num(r.quantity), unit_price: num(r.unit_price), amount: num(r.amount) };
    });
    if (Object.keys(local).length) {
      setErrors(local);
      focusFirstInvalid(form.current);
      return;
    }
    setSaving(true);
    setErrors({});
    setFormError(null);
    setRows(kept.length ? kept : [emptyRow()]);
    try {
      const doc = await api<{ line_items: LineItem[] }>(`/api/documents/${id}`, { method: "PATCH", body: { line_items: body } });
      setItems(doc.line_items);
      setIsCorrected(true);
      close(`Saved ${body.length === 1 ? "1 line item" : `${body.length} line items`}. Corrections are kept if the document is reprocessed.`);
      announceReviewChange();
      router.refresh();
    } catch (err) {
      const byCell: FieldErrors = {};
      if (err instanceof ApiError) for (const [path, message] of Object.entries(err.fields)) if (path.startsWith("line_items.")) byCell[path.slice(11)] = message;
      setErrors(byCell);
      setFormError(formMessage(err, (p) => /^line_items\.\d+\.(description|quantity|unit_price|amount)$/.test(p), tErrors));
      focusFirstInvalid(form.current);
    } finally {
      setSaving(false);
    }
  }

  function keys(e: KeyboardEvent<HTMLFormElement>) {
    if (e.key === "Escape") {
      e.preventDefault();
      close();
    }
  }

  const shown = editing ? rows.map((r) => ({ quantity: num(r.quantity), unit_price: num(r.unit_price), amount: num(r.amount) })) : items;
  const { sum, counted } = sumOf(shown.map((i) => ({ quantity: finite(i.quantity), unit_price: finite(i.unit_price), amount: finite(i.amount) })));
  const money = (v: number | null) => formatMoney(v, currency);

  return (
    <section className={`rounded-lg border bg-white shadow-sm ${editing ? "border-indigo-200 ring-1 ring-indigo-100" : "border-slate-200"}`} aria-labelledby={`${uid}-title`}>
      <div className="flex flex-wrap items-center justify-between gap-3 border-b border-slate-200 px-5 py-3">
        <h2 id={`${uid}-title`} className="flex items-center gap-2 text-sm font-semibold text-slate-900">
          Line items
          <span className="font-normal text-slate-500">{items.length}</span>
          {isCorrected ? <SourceBadge source="person" /> : extractor && items.length > 0 ? <SourceBadge source={extractor} /> : null}
        </h2>
        {!editing && (
          <Button ref={editButton} variant="secondary" size="sm" onClick={edit} aria-describedby={`${uid}-title`}>
            {items.length ? "Edit" : "Add line items"}
          </Button>
        )}
      </div>

      {!editing && items.length === 0 ? (
        <div className="px-5 py-6 text-sm text-slate-500">
          {status === "pending" || status === "processing"
            ? "Still reading the document: line items appear here once they are found."
            : status === "error"
              ? "No line items: the document could not be read. You can add them by hand."
              : "No line items were found on this document."}
          {notice && (
            <p role="status" className="mt-2 text-xs text-emerald-700">
              {notice}
            </p>
          )}
        </div>
      ) : (
        <form ref={form} onSubmit={save} onKeyDown={keys} aria-label={editing ? "Correct the line items" : undefined}>
          <div className="relative overflow-x-auto">
            <table className="min-w-full text-sm">
              <thead>
                <tr className="border-b border-slate-200 bg-slate-50 text-left text-xs font-semibold tracking-wide text-slate-500 uppercase">
                  <th scope="col" className="w-10 px-3 py-2 text-right font-semibold">
                    #
                  </th>
                  <th scope="col" className="px-3 py-2">
                    Description
                  </th>
                  <th scope="col" className="w-24 px-3 py-2 text-right">
                    Qty
                  </th>
                  <th scope="col" className="w-32 px-3 py-2 text-right">
                    Unit price
                  </th>
                  <th scope="col" className="w-32 px-3 py-2 text-right">
                    Amount
                  </th>
                  {editing && (
                    <th scope="col" className="w-12 px-2 py-2">
                      <span className="sr-only">Remove</span>
                    </th>
                  )}
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {editing
                  ? rows.map((r, i) => (
                      <tr key={r.key} className="align-top">
                        <td className="px-3 py-2 text-right text-xs text-slate-400 tabular-nums">{i + 1}</td>
                        <Cell id={cellId(i, "description")} label={`Description, row ${i + 1}`} error={errors[`${i}.description`]}>
                          {(p) => <input {...p} className={`${p.className} min-w-48`} type="text" dir="auto" maxLength={500} value={r.description} onChange={(e) => setCell(i, "description", e.target.value)} disabled={saving} />}
                        </Cell>
                        {NUMERIC.map((c) => {
                          const computed = c === "amount" && r.amount.trim() === "" ? rowAmount({ quantity: num(r.quantity), unit_price: num(r.unit_price), amount: null }).value : null;
                          return (
                            <Cell key={c} id={cellId(i, c)} label={`${c === "unit_price" ? "Unit price" : c === "quantity" ? "Quantity" : "Amount"}, row ${i + 1}`} error={errors[`${i}.${c}`]}>
                              {(p) => (
                                <input
                                  {...p}
                                  type="number"
                                  step="any"
                                  inputMode="decimal"
                                  className={`${p.className} text-right tabular-nums ${c === "quantity" ? "min-w-20" : "min-w-24"}`}
                                  value={r[c]}
                                  placeholder={computed !== null ? String(computed) : undefined}
                                  onChange={(e) => setCell(i, c, e.target.value)}
                                  disabled={saving}
                                />
                              )}
                            </Cell>
                          );
                        })}
                        <td className="px-2 py-2 text-center">
                          <Button variant="ghost-danger" size="sm" onClick={() => removeRow(i)} disabled={saving} aria-label={`Remove row ${i + 1}`} title="Remove this row">
                            <svg viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth={1.8} strokeLinecap="round" className="size-4" aria-hidden>
                              <path d="M6 6l12 12M18 6L6 18" />
                            </svg>
                          </Button>
                        </td>
                      </tr>
                    ))
                  : items.map((item, i) => {
                      const a = rowAmount({ quantity: finite(item.quantity), unit_price: finite(item.unit_price), amount: finite(item.amount) });
                      return (
                        <tr key={i} className="align-top">
                          <td className="px-3 py-2 text-right text-xs text-slate-400 tabular-nums">{i + 1}</td>
                          <td className="px-3 py-2 text-slate-800">
                            <span dir="auto" className="block text-start">
                              {item.description || <span className="text-slate-400">(no description)</span>}
                            </span>
                          </td>
                          <td className="px-3 py-2 text-right tabular-nums">{formatNumber(finite(item.quantity))}</td>
                          <td className="px-3 py-2 text-right whitespace-nowrap tabular-nums">{item.unit_price === null ? "—" : money(finite(item.unit_price))}</td>
                          <td className="px-3 py-2 text-right whitespace-nowrap tabular-nums">
                            {a.value === null ? (
                              "—"
                            ) : a.computed ? (
                              <span className="text-slate-500 italic" title="No amount on the document: quantity × unit price">
                                {money(a.value)}
                              </span>
                            ) : (
                              money(a.value)
                            )}
                          </td>
                        </tr>
                      );
                    })}
              </tbody>
              <tfoot>
                <tr className="border-t border-slate-200 bg-slate-50/60">
                  <td />
                  <th scope="row" colSpan={3} className="px-3 py-2 text-right text-xs font-medium text-slate-600">
                    Sum of {counted === shown.length ? "amounts" : `${counted} of ${shown.length} amounts`}
                  </th>
                  <td className="px-3 py-2 text-right font-semibold whitespace-nowrap text-slate-900 tabular-nums">{money(sum)}</td>
                  {editing && <td />}
                </tr>
              </tfoot>
            </table>
          </div>

          <div className="space-y-3 px-5 py-3">
            <Comparison sum={sum} counted={counted} subtotal={subtotal} total={total} money={money} />
            {editing ? (
              <>
                <FormError message={formError} />
                <div className="flex flex-wrap items-center gap-2">
                  <Button type="submit" size="sm" disabled={saving}>
                    {saving ? "Saving…" : "Save line items"}
                  </Button>
                  <Button variant="secondary" size="sm" onClick={() => close()} disabled={saving}>
                    Cancel
                  </Button>
                  <Button id={`${uid}-add`} variant="ghost" size="sm" onClick={addRow} disabled={saving || rows.length >= 500}>
                    + Add row
                  </Button>
                  <span className="ml-auto text-[11px] text-slate-500">
                    <kbd className="rounded border border-slate-300 bg-slate-50 px-1 font-sans">Enter</kbd> saves ·{" "}
                    <kbd className="rounded border border-slate-300 bg-slate-50 px-1 font-sans">Esc</kbd> cancels · empty rows are dropped
                  </span>
                </div>
              </>
            ) : (
              notice && (
                <p role="status" className="text-xs text-emerald-700">
                  {notice}
                </p>
              )
            )}
          </div>
        </form>
      )}
    </section>
  );
}

const finite = (v: unknown): number | null => (typeof v === "number" && Number.isFinite(v) ? v : typeof v === "string" && v.trim() !== "" && Number.isFinite(Number(v)) ? Number(v) : null);

function Cell({ id, label, error, children }: { id: string; label: string; error?: string; children: (p: { id: string; "aria-label": string; "aria-invalid"?: true; "aria-describedby"?: string; className: string }) => ReactNode }) {
  return (
    <td className="px-1.5 py-1.5">
      {children({ id, "aria-label": label, "aria-invalid": error ? true : undefined, "aria-describedby": error ? `${id}-error` : undefined, className: `${inputClass} py-1.5` })}
      {error && (
        <p id={`${id}-error`} className="mt-1 text-xs text-red-600">
          {error}
        </p>
      )}
    </td>
  );
}

/** The sum against the subtotal (what line items should add up to) and the total. */
function Comparison({ sum, counted, subtotal, total, money }: { sum: number; counted: number; subtotal: number | null; total: number | null; money: (v: number | null) => string }) {
  if (counted === 0) return null;
  const against = [
    { label: "subtotal", value: subtotal },
    { label: "total", value: total },
  ].filter((c): c is { label: string; value: number } => c.value !== null && Number.isFinite(c.value));
  if (!against.length) return <p className="text-xs text-slate-500">No subtotal or total to compare the sum with.</p>;
  const match = against.find((c) => Math.abs(c.value - sum) <= TOLERANCE);
  if (match) {
    return (
      <p className="flex items-center gap-1.5 text-xs text-emerald-700">
        <Mark ok /> The sum matches the {match.label} ({money(match.value)}).
      </p>
    );
  }
  // Line items should add up to the subtotal; the total is the reference only when there is no subtotal.
  const c = against[0];
  const diff = Math.round((sum - c.value) * 100) / 100;
  return (
    <p className="flex items-center gap-1.5 text-xs text-amber-800">
      <Mark ok={false} /> The sum is {money(Math.abs(diff))} {diff > 0 ? "more" : "less"} than the {c.label} ({money(c.value)}).
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
