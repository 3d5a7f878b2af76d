"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";
import { api } from "@/components/api-client";
import { Button } from "@/components/button";
import { CheckboxField, FormError, SelectField, TextAreaField, TextField } from "@/components/form-fields";
import { useAction } from "@/components/use-action";
import { useSchemaForm } from "@/components/use-schema-form";
import { DOCUMENT_TYPES } from "@/lib/documents/contract";
import { dryRunFormSchema, type DryRunResult } from "@/lib/triage/schemas";
import { SettingsSection } from "../section";
import { DryRunAnswer } from "./dry-run-answer";

export type RecentEmail = { id: string; from: string | null; subject: string | null };

/** Try the rules on an email, pasted or picked from the latest ones, and see which rule decides and why. Nothing is recorded. */
export function DryRunPanel({ recent }: { recent: RecentEmail[] }) {
  const t = useTranslations("triage.dryRun");
  const tType = useTranslations("triage.documentTypes");
  const tMail = useTranslations("common.mail");
  const [result, setResult] = useState<DryRunResult | null>(null);
  const form = useSchemaForm(dryRunFormSchema, { defaultValues: { from: "", subject: "", body: "", has_attachment: false, document_type: "" } });
  const pick = useAction();
  const [picked, setPicked] = useState(recent[0]?.id ?? "");

  const tryPasted = form.submit(async (values) => setResult(await api<DryRunResult>("/api/triage/dry-run", { method: "POST", body: values })));
  const tryPicked = () => pick.run(async () => setResult(await api<DryRunResult>("/api/triage/dry-run", { method: "POST", body: { email_id: picked } })));

  return (
    <SettingsSection id="dry-run" title={t("title")} description={t("description")}>
      <div className="grid gap-6 lg:grid-cols-2">
        <div className="space-y-6 rounded-lg border border-slate-200 bg-white p-5">
          <form onSubmit={tryPasted} noValidate className="space-y-3" aria-labelledby="dry-run-paste-heading">
            <h3 id="dry-run-paste-heading" className="text-sm font-semibold text-slate-900">
              {t("pasteTitle")}
            </h3>
            <TextField label={t("from")} dir="ltr" autoComplete="off" spellCheck={false} {...form.field("from")} id="dry-run-from" />
            <TextField label={t("subject")} dir="auto" autoComplete="off" {...form.field("subject")} id="dry-run-subject" />
            <TextAreaField label={t("body")} dir="auto" rows={4} {...form.field("body")} id="dry-run-body" />
            <div className="flex flex-wrap items-end gap-4">
              <CheckboxField label={t("hasAttachment")} {...form.field("has_attachment")} id="dry-run-attachment" />
              <SelectField label={t("documentType")} className="w-44" options={[{ value: "", label: t("noDocument") }, ...DOCUMENT_TYPES.map((d) => ({ value: d, label: tType(d) }))]} {...form.field("document_type")} id="dry-run-type" />
            </div>
            <Button type="submit" disabled={form.busy}>
              {t("try")}
            </Button>
            <FormError message={form.formError} />
          </form>
          {recent.length > 0 && (
            <div className="space-y-3 border-t border-slate-200 pt-5">
              <h3 className="text-sm font-semibold text-slate-900">{t("pickTitle")}</h3>
              <SelectField
                label={t("pickLabel")}
                id="dry-run-email"
                name="email_id"
                data-user-content
                value={picked}
                onChange={(e) => setPicked(e.target.value)}
                options={recent.map((e) => ({ value: e.id, label: `${e.from ?? tMail("unknownSender")} — ${e.subject ?? tMail("noSubject")}` }))}
              />
              <Button variant="secondary" onClick={tryPicked} disabled={pick.busy || !picked}>
                {t("tryPicked")}
              </Button>
              <FormError message={pick.error} />
            </div>
          )}
        </div>
        <div aria-live="polite">{result ? <DryRunAnswer result={result} /> : <p className="text-sm text-slate-500">{t("nothingYet")}</p>}</div>
      </div>
    </SettingsSection>
  );
}
