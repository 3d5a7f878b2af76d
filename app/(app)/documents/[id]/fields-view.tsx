"use client";

import { useTranslations } from "next-intl";
import type { DocumentFields, FieldName } from "@/lib/documents/contract";
import { Confidence, fieldCurrency, fieldText, SourceBadge } from "@/components/extraction";
import { useFormat } from "@/components/format";

/** The order on screen; `wide` fields take the whole row. */
export const FIELD_LAYOUT: { name: FieldName; wide?: boolean }[] = [
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

/** Each field's value as read, and for a person's correction what the machine had read ("—" for nothing). */
export function useFieldTexts(fields: DocumentFields) {
  const t = useTranslations("documents");
  const format = useFormat();
  const currency = fieldCurrency(fields);
  // The machine's amounts read in the machine's currency, even when a person corrected the currency.
  const machineCurrency = fields.currency?.source === "person" ? (typeof fields.currency.extracted === "string" ? fields.currency.extracted : null) : currency;
  return {
    shown: (name: FieldName) => fieldText(t, format, name, fields[name]?.value, currency),
    machine: (name: FieldName) => (fields[name]?.source === "person" ? fieldText(t, format, name, fields[name]?.extracted, machineCurrency) : undefined),
  };
}

/** The fields as read: each a button that opens the editor on it. */
export function FieldsView({ fields, active, onEdit }: { fields: DocumentFields; active: boolean; onEdit: (name: FieldName) => void }) {
  const t = useTranslations("documents");
  const text = useFieldTexts(fields);
  return (
    <>
      {active && <p className="mb-3 text-xs text-slate-500">{t("fields.reading")}</p>}
      <dl className="grid grid-cols-1 gap-x-5 gap-y-3 @sm:grid-cols-2">
        {FIELD_LAYOUT.map(({ name, wide }) => {
          const f = fields[name];
          const shown = text.shown(name);
          const machine = text.machine(name);
          const corrected = f?.source === "person";
          return (
            <div key={name} className={`min-w-0 ${wide ? "@sm:col-span-2" : ""}`}>
              <dt className="flex min-h-5 items-center gap-1.5 text-xs font-medium whitespace-nowrap text-slate-500">
                {t(`fieldLabels.${name}`)}
                {f && <SourceBadge source={f.source} />}
                {f && !corrected && (
                  <span className="ms-auto">
                    <Confidence value={f.confidence} />
                  </span>
                )}
              </dt>
              <dd className="mt-0.5">
                <button
                  type="button"
                  onClick={() => onEdit(name)}
                  className={`group -mx-1 flex w-full max-w-full items-center gap-1 rounded px-1 py-0.5 text-start hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-indigo-600 ${
                    name === "total" ? "text-base font-semibold" : "text-sm"
                  } ${f?.value === null || f?.value === undefined ? "text-slate-400" : "text-slate-900"}`}
                >
                  <span className="sr-only">{t("fields.editField", { field: t(`fieldLabels.${name}`) })} </span>
                  <span dir="auto" className="min-w-0 truncate tabular-nums" title={shown}>
                    {f ? (f.value === null ? t("fields.cleared") : shown) : active ? t("fields.notFoundYet") : t("fields.notFound")}
                  </span>
                  <PencilIcon />
                </button>
                {corrected && (
                  <p className="mt-0.5 truncate text-[11px] text-slate-500" title={t("fields.machineReadTitle", { value: machine ?? "—" })}>
                    {t("fields.machineRead")} {machine === "—" ? <span className="italic">{t("nothing")}</span> : <bdi>{machine}</bdi>}
                  </p>
                )}
              </dd>
            </div>
          );
        })}
      </dl>
    </>
  );
}

function PencilIcon() {
  return (
    <svg viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth={1.8} strokeLinecap="round" strokeLinejoin="round" className="size-3.5 shrink-0 text-slate-400 opacity-0 group-hover:opacity-100 group-focus-visible:opacity-100" aria-hidden>
      <path d="M4 20h4L19 9l-4-4L4 16v4zM14 6l4 4" />
    </svg>
  );
}
