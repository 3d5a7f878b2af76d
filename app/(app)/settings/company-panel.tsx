"use client";

import { useRouter } from "next/navigation";
import { useLocale, useTranslations } from "next-intl";
import { useMemo, useState } from "react";
import { api } from "@/components/api-client";
import { AdminOnly } from "@/components/admin-only";
import { SelectField } from "@/components/form-fields";
import { useSchemaForm } from "@/components/use-schema-form";
import { CURRENCY_CODES, updateCompanySchema } from "@/lib/company/schemas";
import { SettingsSection, SubmitRow } from "./section";

/** The company's default currency: what documents that name none are read in. Admins change it; others see it. */
export function CompanyPanel({ currency, canManage }: { currency: string | null; canManage: boolean }) {
  const t = useTranslations("settings.company");
  return (
    <SettingsSection id="company" title={t("title")} description={t("description")} card>
      {canManage ? (
        <CompanyForm currency={currency} />
      ) : (
        <div className="space-y-4">
          <p className="text-sm text-slate-700">
            {t("currency")}: {currency ? <bdi>{currency}</bdi> : t("none")}
          </p>
          <AdminOnly permission="company.manage" />
        </div>
      )}
    </SettingsSection>
  );
}

function CompanyForm({ currency }: { currency: string | null }) {
  const t = useTranslations("settings.company");
  const tActions = useTranslations("common.actions");
  const locale = useLocale();
  const router = useRouter();
  const form = useSchemaForm(updateCompanySchema, { defaultValues: { default_currency: currency ?? "" } });
  const [saved, setSaved] = useState(false);
  const options = useMemo(() => {
    const names = new Intl.DisplayNames([locale], { type: "currency" });
    return [{ value: "", label: t("none") }, ...CURRENCY_CODES.map((code) => ({ value: code, label: `${code} · ${names.of(code) ?? code}` }))];
  }, [locale, t]);

  const save = form.submit(async (values) => {
    setSaved(false);
    await api("/api/company", { method: "PATCH", body: values });
    form.reset({ default_currency: values.default_currency ?? "" });
    setSaved(true);
    router.refresh();
  });

  return (
    <form onSubmit={save} noValidate className="space-y-4">
      <SelectField label={t("currency")} hint={t("currencyHint")} className="max-w-xs" options={options} {...form.field("default_currency")} />
      <SubmitRow label={tActions("save")} busyLabel={tActions("saving")} busy={form.busy} done={saved && !form.formState.isDirty && t("saved")} error={form.formError} />
    </form>
  );
}
