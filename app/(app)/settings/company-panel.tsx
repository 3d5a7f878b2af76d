"use client";

import { useRouter } from "next/navigation";
import { useLocale, useTranslations } from "next-intl";
import { useMemo, useState } from "react";
import { api } from "@/components/api-client";
import { AdminOnly } from "@/components/admin-only";
import { SelectField, TextField } from "@/components/form-fields";
import { useSchemaForm } from "@/components/use-schema-form";
import { CURRENCY_CODES, TIME_ZONES, updateCompanySchema, type Company } from "@/lib/company/schemas";
import { SettingsSection, SubmitRow } from "./section";

/** The company's default currency, time zone and how long files are kept. Admins change them; others see them. */
export function CompanyPanel({ company, canManage }: { company: Company; canManage: boolean }) {
  const t = useTranslations("settings.company");
  return (
    <SettingsSection id="company" title={t("title")} description={t("description")} card>
      {canManage ? (
        <CompanyForm company={company} />
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

function CompanyForm({ company }: { company: Company }) {
  const t = useTranslations("settings.company");
  const tActions = useTranslations("common.actions");
  const locale = useLocale();
  const router = useRouter();
  const defaults = { default_currency: company.default_currency ?? "", time_zone: company.time_zone, retention_days: company.retention_days };
  const form = useSchemaForm(updateCompanySchema, { defaultValues: defaults });
  const [saved, setSaved] = useState(false);
  const options = useMemo(() => {
    const names = new Intl.DisplayNames([locale], { type: "currency" });
    return [{ value: "", label: t("none") }, ...CURRENCY_CODES.map((code) => ({ value: code, label: `${code} · ${names.of(code) ?? code}` }))];
  }, [locale, t]);
  // A zone this runtime does not list (an alias stored earlier) stays choosable.
  const zones = useMemo(() => (TIME_ZONES.includes(company.time_zone) ? TIME_ZONES : [company.time_zone, ...TIME_ZONES]).map((z) => ({ value: z, label: z })), [company.time_zone]);

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
