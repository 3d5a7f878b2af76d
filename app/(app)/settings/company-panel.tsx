"use client";

import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { api } from "@/components/api-client";
import { AdminOnly } from "@/components/admin-only";
import { SelectField, TextField } from "@/components/form-fields";
import { useSchemaForm } from "@/components/use-schema-form";
import { updateCompanySchema, type Company } from "@/lib/company/schemas";

/** The lists the form offers, made on the server: the browser's own Intl data may list other zones or name currencies differently. */
export type CompanyChoices = { currencies: { value: string; label: string }[]; zones: string[] };
import { SettingsSection, SubmitRow } from "./section";

/** The company's default currency, time zone and how long files are kept. Admins change them; others see them. */
export function CompanyPanel({ company, canManage, choices }: { company: Company; canManage: boolean; choices: CompanyChoices }) {
  const t = useTranslations("settings.company");
  return (
    <SettingsSection id="company" title={t("title")} description={t("description")} card>
      {canManage ? (
        <CompanyForm company={company} choices={choices} />
      ) : (
        <div className="space-y-4">
          <p className="text-sm text-slate-700">
            {t("currency")}: {company.default_currency ? <bdi>{company.default_currency}</bdi> : t("none")}
          </p>
          <p className="text-sm text-slate-700">{t("timeZoneLine", { zone: company.time_zone })}</p>
          <p className="text-sm text-slate-700">{t("retentionLine", { days: company.retention_days })}</p>
          <AdminOnly permission="company.manage" />
        </div>
      )}
    </SettingsSection>
  );
}

function CompanyForm({ company, choices }: { company: Company; choices: CompanyChoices }) {
  const t = useTranslations("settings.company");
  const tActions = useTranslations("common.actions");
  const router = useRouter();
  const defaults = { default_currency: company.default_currency ?? "", time_zone: company.time_zone, retention_days: company.retention_days };
  const form = useSchemaForm(updateCompanySchema, { defaultValues: defaults });
  const [saved, setSaved] = useState(false);
  const options = [{ value: "", label: t("none") }, ...choices.currencies];
  // A zone the server does not list (an alias stored earlier) stays choosable.
  const zones = (choices.zones.includes(company.time_zone) ? choices.zones : [company.time_zone, ...choices.zones]).map((z) => ({ value: z, label: z }));

  const save = form.submit(async (values) => {
    setSaved(false);
    await api("/api/company", { method: "PATCH", body: values });
    form.reset({ default_currency: values.default_currency ?? "", time_zone: values.time_zone, retention_days: values.retention_days });
    setSaved(true);
    router.refresh();
  });

  return (
    <form onSubmit={save} noValidate className="space-y-4">
      <SelectField label={t("currency")} hint={t("currencyHint")} className="max-w-xs" options={options} {...form.field("default_currency")} />
      <SelectField label={t("timeZone")} hint={t("timeZoneHint")} className="max-w-xs" options={zones} dir="ltr" {...form.field("time_zone")} />
      <TextField label={t("retention")} hint={t("retentionHint")} className="max-w-xs" type="number" inputMode="numeric" min={0} step={1} dir="ltr" {...form.field("retention_days")} />
      <SubmitRow label={tActions("save")} busyLabel={tActions("saving")} busy={form.busy} done={saved && !form.formState.isDirty && t("saved")} error={form.formError} />
    </form>
  );
}
