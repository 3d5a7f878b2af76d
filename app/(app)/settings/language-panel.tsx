"use client";

import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { api } from "@/components/api-client";
import { SelectField } from "@/components/form-fields";
import { useSchemaForm } from "@/components/use-schema-form";
import { updateMeSchema } from "@/lib/auth/schemas";
import { LOCALE_NAMES, LOCALES, type Locale } from "@/lib/i18n/locales";
import { SettingsSection, SubmitRow } from "./section";

/** The person's own language, kept on their account; none follows the browser. The page re-renders in it once saved. */
export function LanguagePanel({ locale }: { locale: Locale | null }) {
  const t = useTranslations("settings.language");
  const tActions = useTranslations("common.actions");
  const router = useRouter();
  const form = useSchemaForm(updateMeSchema, { defaultValues: { locale: locale ?? "" } });
  const [saved, setSaved] = useState(false);
  const options = [{ value: "", label: t("browser") }, ...LOCALES.map((l) => ({ value: l, label: LOCALE_NAMES[l] }))];

  const save = form.submit(async (values) => {
    setSaved(false);
    await api("/api/me", { method: "PATCH", body: values });
    form.reset({ locale: values.locale ?? "" });
    setSaved(true);
    router.refresh();
  });

  return (
    <SettingsSection id="language" title={t("title")} description={t("description")} card>
      <form onSubmit={save} noValidate className="space-y-4">
        <SelectField label={t("label")} className="max-w-xs" options={options} {...form.field("locale")} />
        <SubmitRow label={tActions("save")} busyLabel={tActions("saving")} busy={form.busy} done={saved && !form.formState.isDirty && t("saved")} error={form.formError} />
      </form>
    </SettingsSection>
  );
}
