"use client";

import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useEffect, useState, type ReactNode } from "react";
import type { UseFormRegisterReturn } from "react-hook-form";
import { api } from "@/components/api-client";
import { Button } from "@/components/button";
import { FormError, SelectField, TextField } from "@/components/form-fields";
import { useSchemaForm } from "@/components/use-schema-form";
import { DOCUMENT_TYPES } from "@/lib/documents/contract";
import { ATTACHMENT_CHOICES, TRIAGE_OUTCOMES, ruleFormValues, triageRuleFormSchema, type TriageRule, type TriageRuleFormValues } from "@/lib/triage/schemas";
import { RuleRowActions, RuleRowStatus } from "@/components/rule-row";
import { RICH } from "../section";
import { ConditionsSummary } from "./conditions-summary";

type FieldName = keyof TriageRuleFormValues;
// Addresses read the same in every language.
const SENDER_EXAMPLE = "billing@acme.com, vendor.co.il";
type FieldOf = (name: FieldName) => UseFormRegisterReturn & { id: string; error?: string };

/** One rule, changed in place: Save shows once it differs from the stored rule. `moves` are the list's up/down buttons. */
export function TriageRuleEditor({ rule, position, count, moves }: { rule: TriageRule; position: number; count: number; moves: ReactNode }) {
  const t = useTranslations("triage.rules");
  const router = useRouter();
  const form = useSchemaForm(triageRuleFormSchema, { defaultValues: ruleFormValues(rule) });
  const [saved, setSaved] = useState(false);
  const dirty = form.formState.isDirty;
  const { reset } = form;
  const stored = JSON.stringify(ruleFormValues(rule));

  useEffect(() => reset(JSON.parse(stored)), [reset, stored]);

  const save = form.submit(async (values) => {
    setSaved(false);
    await api(`/api/triage/rules/${rule.id}`, { method: "PATCH", body: values });
    setSaved(true);
    router.refresh();
  });

  return (
    <li className="p-4" aria-label={t("ruleLabel", { position, count })}>
      <form onSubmit={save} noValidate className="flex items-start gap-3">
        <span className="mt-8 w-6 shrink-0 text-end text-sm font-semibold text-slate-400 tabular-nums" aria-hidden>
          {position}.
        </span>
        <div className="min-w-0 flex-1">
          <RuleFields field={(name) => ({ ...form.field(name), id: `rule-${rule.id}-${name}` })} />
        </div>
        <RuleRowActions
          moves={moves}
          dirty={dirty}
          busy={form.busy}
          deleteUrl={`/api/triage/rules/${rule.id}`}
          texts={{ label: t.rich("delete", { name: rule.name, hidden: RICH.hidden, bdi: RICH.bdi }), title: t("deleteTitle", { name: rule.name }), message: t("deleteMessage"), confirm: t("deleteConfirm") }}
          className="shrink-0"
        />
      </form>
      <RuleRowStatus formError={form.formError} saved={saved && !dirty} savedText={t("saved")} />
    </li>
  );
}

/** A rule as a member sees it: read only. */
export function TriageRuleView({ rule, position }: { rule: TriageRule; position: number }) {
  const tOutcome = useTranslations("triage.outcomes");
  return (
    <li className="flex gap-3 p-4 text-sm">
      <span className="w-6 shrink-0 text-end font-semibold text-slate-400 tabular-nums">{position}.</span>
      <div className="min-w-0">
        <p className="font-medium text-slate-900">
          <bdi>{rule.name}</bdi> → {tOutcome(rule.outcome)}
        </p>
        <ConditionsSummary conditions={rule.conditions} />
      </div>
    </li>
  );
}

/** A new rule goes to the bottom of the list: rules already in place keep deciding first. */
export function NewTriageRuleForm() {
  const t = useTranslations("triage.rules");
  const router = useRouter();
  const form = useSchemaForm(triageRuleFormSchema, { defaultValues: ruleFormValues() });

  const add = form.submit(async (values) => {
    await api("/api/triage/rules", { method: "POST", body: values });
    form.reset(ruleFormValues());
    router.refresh();
  });

  return (
    <form onSubmit={add} noValidate className="space-y-3 border-t border-slate-200 p-4">
      <h3 className="text-sm font-semibold text-slate-900">{t("addTitle")}</h3>
      <RuleFields field={(name) => ({ ...form.field(name), id: `new-triage-rule-${name}` })} withExamples />
      <div className="flex items-center gap-3">
        <Button type="submit" disabled={form.busy}>
          {form.busy ? t("adding") : t("add")}
        </Button>
        <p className="text-xs text-slate-500">{t("addHint")}</p>
      </div>
      <FormError message={form.formError} />
    </form>
  );
}

/** Name and outcome, then the conditions: every one filled in must hold; empty ones are ignored. */
function RuleFields({ field, withExamples = false }: { field: FieldOf; withExamples?: boolean }) {
  const t = useTranslations("triage.rules");
  const tOutcome = useTranslations("triage.outcomes");
  const tType = useTranslations("triage.documentTypes");
  const example = (key: "subject" | "body") => (withExamples ? t(`examples.${key}`) : undefined);
  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-start gap-3">
        <TextField label={t("name")} className="min-w-48 flex-1" dir="auto" autoComplete="off" {...field("name")} />
        <SelectField label={t("outcome")} className="w-56" options={TRIAGE_OUTCOMES.map((o) => ({ value: o, label: tOutcome(o) }))} {...field("outcome")} />
      </div>
      <fieldset className="flex flex-wrap items-start gap-3">
        <legend className="mb-1 text-xs font-medium text-slate-500">{t("conditionsLegend")}</legend>
        <TextField label={t("from")} hint={t("fromHint")} placeholder={withExamples ? SENDER_EXAMPLE : undefined} className="min-w-56 flex-1" dir="ltr" spellCheck={false} autoComplete="off" {...field("from")} />
        <TextField label={t("subject")} hint={t("keywordsHint")} placeholder={example("subject")} className="min-w-56 flex-1" dir="auto" autoComplete="off" {...field("subject")} />
        <TextField label={t("body")} hint={t("keywordsHint")} placeholder={example("body")} className="min-w-56 flex-1" dir="auto" autoComplete="off" {...field("body")} />
        <SelectField label={t("hasAttachment")} className="w-44" options={ATTACHMENT_CHOICES.map((c) => ({ value: c, label: t(`attachment.${c || "any"}`) }))} {...field("has_attachment")} />
        <SelectField label={t("documentType")} className="w-44" options={[{ value: "", label: t("anyType") }, ...DOCUMENT_TYPES.map((d) => ({ value: d, label: tType(d) }))]} {...field("document_type")} />
      </fieldset>
    </div>
  );
}
