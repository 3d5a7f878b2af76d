"use client";

import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useId, useRef, useState, type FormEvent, type KeyboardEvent } from "react";
import { api, ApiError, focusFirstInvalid, formMessage, type FieldErrors } from "@/components/api-client";
import { Button } from "@/components/button";
import {
  AMOUNT_FIELDS,
  Confidence,
  DATE_FIELDS,
  DOCUMENT_TYPES,
  FIELD_LABELS,
  FIELD_NAMES,
  formatFieldValue,
  SourceBadge,
  type DocumentFields,
  type FieldName,
} from "@/components/extraction";
import { FormError, inputClass } from "@/components/form-fields";
import { announceReviewChange } from "@/components/review-events";

/** The order on screen; `wide` fields take the whole row. */
const LAYOUT: { name: FieldName; wide?: boolean }[] = [
  { name: "vendor", wide: true },
  { name: "document_type" },
  { name: "number" },
  { name: "issue_date" },
  { name: "due_date" },
  { name: "subtotal" },
  { name: "tax" },
  { name: "total" },
  { name: "currency" },
];
const CURRENCIES = ["ILS", "USD", "EUR", "GBP"];

type Draft = Record<FieldName, string>;

function toDraft(fields: DocumentFields): Draft {
  const out = {} as Draft;
  for (const name of FIELD_NAMES) {
    const v = fields[name]?.value;
    const s = v === null || v === undefined ? "" : String(v);
    // A date input can only hold yyyy-mm-dd; anything else starts empty (and is only sent if the person types one).
    out[name] = (DATE_FIELDS as readonly string[]).includes(name) && !/^\d{4}-\d{2}-\d{2}$/.test(s) ? "" : name === "currency" ? s.toUpperCase() : s;
  }
  return out;
}

/** Only what the person changed, as the API wants it: numbers for amounts, null to clear. */
function changes(before: Draft, after: Draft): { body: Record<string, string | number | null>; errors: FieldErrors } {
  const body: Record<string, string | number | null> = {};
  const errors: FieldErrors = {};
  for (const name of FIELD_NAMES) {
    const a = after[name].trim();
    if (a === before[name].trim()) continue;
    if (a === "") body[name] = null;
    else if (AMOUNT_FIELDS.includes(name)) {
      const n = Number(a);
      if (Number.isFinite(n)) body[name] = n;
      else errors[name] = "must be a number";
    } else body[name] = name === "currency" ? a.toUpperCase() : a;
  }
  return { body, errors };
}

/**
 * The extracted fields, each with where it came from and how sure the extractor was. Click a value (or Edit)
 * to correct them in place: Enter saves, Escape cancels; only changed fields are sent.
 */
export function FieldsPanel({ id, fields: serverFields, active }: { id: string; fields: DocumentFields; active: boolean }) {
  const router = useRouter();
  const uid = useId();
  const inputId = (name: string) => `${uid}-${name}`;
  // What the server last said; a save shows its answer at once, a page refresh replaces it.
  const tErrors = useTranslations("common.errors");
  const [prev, setPrev] = useState(serverFields);
  const [fields, setFields] = useState(serverFields);
  if (prev !== serverFields) {
    setPrev(serverFields);
    setFields(serverFields);
  }
  const [editing, setEditing] = useState(false);
  const [start, setStart] = useState<Draft>(() => toDraft(serverFields));
  const [draft, setDraft] = useState<Draft>(start);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const editButton = useRef<HTMLButtonElement>(null);
  const form = useRef<HTMLFormElement>(null);
  const currency = typeof fields.currency?.value === "string" ? fields.currency.value : null;
  // The machine's amounts read in the machine's currency, even when a person corrected the currency.
  const machineCurrency = fields.currency?.source === "person" ? (typeof fields.currency.extracted === "string" ? fields.currency.extracted : null) : currency;
  const found = FIELD_NAMES.filter((n) => fields[n]).length;

  function edit(focus: FieldName = "vendor") {
    const d = toDraft(fields);
    setStart(d);
    setDraft(d);
    setErrors({});
    setFormError(null);
    setNotice(null);
    setEditing(true);
    requestAnimationFrame(() => document.getElementById(inputId(focus))?.focus());
  }

  function close(message: string | null = null) {
    setEditing(false);
    setErrors({});
    setFormError(null);
    setNotice(message);
    requestAnimationFrame(() => editButton.current?.focus());
  }

  async function save(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const { body, errors: local } = changes(start, draft);
    if (Object.keys(local).length) {
      setErrors(local);
      focusFirstInvalid(form.current);
      return;
    }
    const n = Object.keys(body).length;
    if (n === 0) return close("Nothing changed.");
    setSaving(true);
    setErrors({});
    setFormError(null);
    try {
      const doc = await api<{ fields: DocumentFields }>(`/api/documents/${id}`, { method: "PATCH", body: { fields: body } });
      setFields(doc.fields);
      close(`Saved ${n === 1 ? `the ${FIELD_LABELS[Object.keys(body)[0] as FieldName].toLowerCase()}` : `${n} fields`}. Corrections are kept if the document is reprocessed.`);
      announceReviewChange();
      router.refresh();
    } catch (err) {
      const byField: FieldErrors = {};
      if (err instanceof ApiError) for (const [path, message] of Object.entries(err.fields)) if (path.startsWith("fields.")) byField[path.slice(7)] = message;
      setErrors(byField);
      setFormError(formMessage(err, (p) => p.startsWith("fields.") && (FIELD_NAMES as readonly string[]).includes(p.slice(7)), tErrors));
      focusFirstInvalid(form.current);
    } finally {
      setSaving(false);
    }
  }

  function keys(e: KeyboardEvent<HTMLFormElement>) {
    if (e.key === "Escape") {
      e.preventDefault();
      close();
    } else if (e.key === "Enter" && e.target instanceof HTMLSelectElement) {
      // Enter submits from text inputs natively; make it do the same from the type select.
      e.preventDefault();
      form.current?.requestSubmit();
    }
  }

  const header = (
    <div className="flex items-center justify-between gap-4 border-b border-slate-200 px-5 py-3">
      <h2 className="text-sm font-semibold text-slate-900" id={`${uid}-title`}>
        Fields
        <span className="ml-2 font-normal text-slate-500">
          {found} of {FIELD_NAMES.length} found
        </span>
      </h2>
      {!editing && (
        <Button ref={editButton} variant="secondary" size="sm" onClick={() => edit()} aria-describedby={`${uid}-title`}>
          Edit
        </Button>
      )}
    </div>
  );

  if (!editing) {
    return (
      <section className="@container rounded-lg border border-slate-200 bg-white shadow-sm" aria-labelledby={`${uid}-title`}>
        {header}
        <div className="p-5">
          {active && <p className="mb-3 text-xs text-slate-500">Still reading the document: fields appear here as they are found.</p>}
          <dl className="grid grid-cols-1 gap-x-5 gap-y-3 @sm:grid-cols-2">
            {LAYOUT.map(({ name, wide }) => {
              const f = fields[name];
              const shown = formatFieldValue(name, f?.value, currency);
              const corrected = f?.source === "person";
              const machine = corrected ? formatFieldValue(name, f.extracted, machineCurrency) : undefined;
              return (
                <div key={name} className={`min-w-0 ${wide ? "@sm:col-span-2" : ""}`}>
                  <dt className="flex min-h-5 items-center gap-1.5 text-xs font-medium whitespace-nowrap text-slate-500">
                    {FIELD_LABELS[name]}
                    {f && <SourceBadge source={f.source} machine={machine === "—" ? "nothing" : machine} />}
                    {f && !corrected && (
                      <span className="ml-auto">
                        <Confidence value={f.confidence} />
                      </span>
                    )}
                  </dt>
                  <dd className="mt-0.5">
                    <button
                      type="button"
                      onClick={() => edit(name)}
                      className={`group -mx-1 flex w-full max-w-full items-center gap-1 rounded px-1 py-0.5 text-left hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-indigo-600 ${
                        name === "total" ? "text-base font-semibold" : "text-sm"
                      } ${f?.value === null || f?.value === undefined ? "text-slate-400" : "text-slate-900"}`}
                    >
                      <span className="sr-only">Edit {FIELD_LABELS[name]}: </span>
                      <span dir="auto" className="min-w-0 truncate tabular-nums" title={shown}>
                        {f ? (f.value === null ? "Cleared" : shown) : active ? "Not found yet" : "Not found"}
                      </span>
                      <PencilIcon />
                    </button>
                    {corrected && (
                      <p className="mt-0.5 truncate text-[11px] text-slate-500" dir="auto" title={`The machine read: ${machine}`}>
                        Machine read: {machine === "—" ? <span className="italic">nothing</span> : machine}
                      </p>
                    )}
                  </dd>
                </div>
              );
            })}
          </dl>
          {notice && (
            <p role="status" className="mt-4 text-xs text-emerald-700">
              {notice}
            </p>
          )}
        </div>
      </section>
    );
  }

  return (
    <section className="@container rounded-lg border border-indigo-200 bg-white shadow-sm ring-1 ring-indigo-100" aria-labelledby={`${uid}-title`}>
      {header}
      <form ref={form} onSubmit={save} onKeyDown={keys} className="p-5" aria-label="Correct the fields">
        <div className="grid grid-cols-1 gap-x-4 gap-y-3 @sm:grid-cols-2">
          {LAYOUT.map(({ name, wide }) => {
            const f = fields[name];
            const err = errors[name];
            const common = {
              id: inputId(name),
              name,
              value: draft[name],
              "aria-invalid": err ? true : undefined,
              "aria-describedby": err ? `${inputId(name)}-error` : undefined,
              className: `${inputClass} mt-1 py-1.5`,
              disabled: saving,
            } as const;
            const set = (v: string) => setDraft((d) => ({ ...d, [name]: v }));
            return (
              <div key={name} className={`min-w-0 ${wide ? "@sm:col-span-2" : ""}`}>
                <label htmlFor={inputId(name)} className="flex items-center gap-2 text-xs font-medium text-slate-600">
                  {FIELD_LABELS[name]}
                  {f && <SourceBadge source={f.source} machine={f.source === "person" ? formatFieldValue(name, f.extracted, machineCurrency) : undefined} />}
                  {draft[name].trim() !== start[name].trim() && <span className="text-[10px] font-normal text-indigo-600">changed</span>}
                </label>
                {name === "document_type" ? (
                  <select {...common} onChange={(e) => set(e.target.value)}>
                    <option value="">Not set</option>
                    {DOCUMENT_TYPES.map((t) => (
                      <option key={t.value} value={t.value}>
                        {t.label}
                      </option>
                    ))}
                  </select>
                ) : DATE_FIELDS.includes(name) ? (
                  <input {...common} type="date" onChange={(e) => set(e.target.value)} />
                ) : AMOUNT_FIELDS.includes(name) ? (
                  <input {...common} type="number" step="any" inputMode="decimal" className={`${common.className} tabular-nums`} onChange={(e) => set(e.target.value)} />
                ) : name === "currency" ? (
                  <>
                    <input
                      {...common}
                      type="text"
                      maxLength={3}
                      list={`${uid}-currencies`}
                      autoComplete="off"
                      spellCheck={false}
                      placeholder="ILS"
                      className={`${common.className} uppercase`}
                      onChange={(e) => set(e.target.value.toUpperCase())}
                    />
                    <datalist id={`${uid}-currencies`}>
                      {CURRENCIES.map((c) => (
                        <option key={c} value={c} />
                      ))}
                    </datalist>
                  </>
                ) : (
                  <input {...common} type="text" dir="auto" maxLength={name === "vendor" ? 300 : 100} autoComplete="off" onChange={(e) => set(e.target.value)} />
                )}
                {err && (
                  <p id={`${inputId(name)}-error`} className="mt-1 text-xs text-red-600">
                    {err}
                  </p>
                )}
              </div>
            );
          })}
        </div>
        <div className="mt-5 space-y-3 border-t border-slate-200 pt-4">
          <FormError message={formError} />
          <div className="flex flex-wrap items-center gap-2">
            <Button type="submit" size="sm" disabled={saving}>
              {saving ? "Saving…" : "Save"}
            </Button>
            <Button variant="secondary" size="sm" onClick={() => close()} disabled={saving}>
              Cancel
            </Button>
            <span className="ml-auto text-[11px] text-slate-500">
              <kbd className="rounded border border-slate-300 bg-slate-50 px-1 font-sans">Enter</kbd> saves ·{" "}
              <kbd className="rounded border border-slate-300 bg-slate-50 px-1 font-sans">Esc</kbd> cancels · empty clears
            </span>
          </div>
        </div>
      </form>
    </section>
  );
}

function PencilIcon() {
  return (
    <svg viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth={1.8} strokeLinecap="round" strokeLinejoin="round" className="size-3.5 shrink-0 text-slate-400 opacity-0 group-hover:opacity-100 group-focus-visible:opacity-100" aria-hidden>
      <path d="M4 20h4L19 9l-4-4L4 16v4zM14 6l4 4" />
    </svg>
  );
}
