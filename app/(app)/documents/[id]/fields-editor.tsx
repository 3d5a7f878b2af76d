"use client";

import { useLocale, useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useEffect, useId } from "react";
import { useWatch } from "react-hook-form";
import { correctDocumentSchema, DOCUMENT_TYPES, FIELD_KIND, FIELD_NAMES, FIELD_SCHEMAS, type DocumentDetail, type DocumentFields, type FieldKind, type FieldName, type FieldsPatch } from "@/lib/documents/contract";
import { api } from "@/components/api-client";
import { SourceBadge } from "@/components/extraction";
import { SelectField, TextField } from "@/components/form-fields";
import { announceReviewChange } from "@/components/review-events";
import { useSchemaForm } from "@/components/use-schema-form";
import { FIELD_LAYOUT, useFieldTexts } from "./fields-view";
import { EditorButtons, editorKeys, kbd } from "./panel-parts";

const CURRENCIES = ["ILS", "USD", "EUR", "GBP"];
type Value = string | number | null;

/**
 * The fields as inputs, validated by the schema PATCH /api/documents/:id parses. Only the fields the person
 * changed are sent (a sent field becomes a person's correction); an empty input clears its field.
 */
export function FieldsEditor({ id, fields, focus, onSaved, onClose }: { id: string; fields: DocumentFields; focus: FieldName; onSaved: (fields: DocumentFields, message: string) => void; onClose: (message?: string) => void }) {
  const t = useTranslations("documents");
  const locale = useLocale();
  const router = useRouter();
  const uid = useId();
  const text = useFieldTexts(fields);
  const defaults = editableValues(fields);
  const form = useSchemaForm(correctDocumentSchema, { defaultValues: { fields: defaults } });
  const draft = useWatch({ control: form.control, name: "fields" }) ?? {};
  const input = (name: FieldName) => ({ ...form.field(`fields.${name}`), ...form.register(`fields.${name}`, { setValueAs: fromInput(FIELD_KIND[name]) }) });
  const { setFocus } = form;
  useEffect(() => setFocus(`fields.${focus}`), [setFocus, focus]);

  const save = form.submit(async (values) => {
    const body = changes(values.fields ?? {}, defaults);
    const names = Object.keys(body) as FieldName[];
    if (names.length === 0) return onClose(t("fields.nothingChanged"));
    const doc = await api<DocumentDetail>(`/api/documents/${id}`, { method: "PATCH", body: { fields: body } });
    onSaved(doc.fields, names.length === 1 ? t("fields.savedOne", { field: t(`fieldLabels.${names[0]}`).toLocaleLowerCase(locale) }) : t("fields.savedMany", { count: names.length }));
    announceReviewChange();
    router.refresh();
  });

  return (
    <form onSubmit={save} onKeyDown={editorKeys(() => onClose())} className="p-5" aria-label={t("fields.formLabel")} noValidate>
      <fieldset disabled={form.busy} className="grid grid-cols-1 gap-x-4 gap-y-3 @sm:grid-cols-2">
        {FIELD_LAYOUT.map(({ name, wide }) => {
          const f = fields[name];
          const kind = FIELD_KIND[name];
          const label = (
            <span className="flex items-center gap-2 text-xs text-slate-600">
              {t(`fieldLabels.${name}`)}
              {f && <SourceBadge source={f.source} />}
              {same(fromInput(kind)(draft[name] ?? null), defaults[name]) ? null : <span className="text-[10px] font-normal text-indigo-600">{t("fields.changed")}</span>}
            </span>
          );
          const className = `min-w-0 ${wide ? "@sm:col-span-2" : ""}`;
          const machine = text.machine(name);
          const hint = machine === undefined ? undefined : (
            <>
              {t("fields.machineRead")} {machine === "—" ? t("nothing") : <bdi>{machine}</bdi>}
            </>
          );
          if (kind === "type") {
            return <SelectField key={name} className={className} label={label} hint={hint} {...input(name)} options={[{ value: "", label: t("fields.notSet") }, ...DOCUMENT_TYPES.map((v) => ({ value: v, label: t(`types.${v}`) }))]} />;
          }
          if (kind === "currency") {
            return (
              <div key={name} className={className}>
                <TextField label={label} hint={hint} {...input(name)} maxLength={3} list={`${uid}-currencies`} autoComplete="off" spellCheck={false} placeholder="ILS" className="[&_input]:uppercase" />
                <datalist id={`${uid}-currencies`}>
                  {CURRENCIES.map((c) => (
                    <option key={c} value={c} />
                  ))}
                </datalist>
              </div>
            );
          }
          const props = kind === "date" ? { type: "date" } : kind === "amount" ? { type: "number", step: "any", inputMode: "decimal" as const } : { type: "text", dir: "auto", autoComplete: "off" };
          return <TextField key={name} className={className} label={label} hint={hint} {...input(name)} {...props} />;
        })}
      </fieldset>
      <div className="mt-5 border-t border-slate-200 pt-4">
        <EditorButtons busy={form.busy} onCancel={() => onClose()} formError={form.formError} keys={t.rich("fields.keys", { kbd })} />
      </div>
    </form>
  );
}

/** What each input starts with: the field's value when it is one a person could save, else empty. */
function editableValues(fields: DocumentFields): Required<FieldsPatch> {
  const out = {} as Record<FieldName, Value>;
  for (const name of FIELD_NAMES) {
    const v = fromInput(FIELD_KIND[name])(fields[name]?.value ?? null);
    // A date input holds only yyyy-mm-dd: anything else starts empty (and is only sent if the person types one).
    out[name] = v !== null && FIELD_SCHEMAS[name].safeParse(v).success ? v : null;
  }
  return out as Required<FieldsPatch>;
}

/** An input's text as the API wants it: null when empty, numbers for amounts, codes in capitals. */
function fromInput(kind: FieldKind) {
  return (v: unknown): Value => {
    if (v === null || v === undefined || (typeof v === "string" && v.trim() === "")) return null;
    if (kind === "amount") return typeof v === "number" ? v : Number(v);
    return kind === "currency" ? String(v).trim().toUpperCase() : typeof v === "number" ? String(v) : (v as string);
  };
}

const same = (a: Value, b: Value) => (typeof a === "string" ? a.trim() : a) === (typeof b === "string" ? b.trim() : b);

/** Only what the person changed. */
function changes(values: FieldsPatch, before: Required<FieldsPatch>): FieldsPatch {
  return Object.fromEntries(FIELD_NAMES.filter((n) => n in values && !same(values[n] ?? null, before[n])).map((n) => [n, values[n] ?? null]));
}
