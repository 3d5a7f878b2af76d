"use client";

import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { api } from "@/components/api-client";
import { CheckboxField, Field } from "@/components/form-fields";
import { RelativeTime } from "@/components/time";
import { useSchemaForm } from "@/components/use-schema-form";
import { categorySettingsSchema, DEFAULT_THRESHOLD, type ClassifierSettings } from "@/lib/categories/schemas";
import { SettingsSection, SubmitRow } from "../section";

export function ClassifierPanel({ settings, hasCategories }: { settings: ClassifierSettings; hasCategories: boolean }) {
  const t = useTranslations("categories.classifier");
  const router = useRouter();
  const form = useSchemaForm(categorySettingsSchema, { defaultValues: { threshold: settings.threshold, learn_from_rules: settings.learn_from_rules } });
  const [saved, setSaved] = useState(false);
  const threshold = form.watch("threshold") ?? settings.threshold;
  const thresholdField = form.field("threshold");

  const save = form.submit(async (values) => {
    setSaved(false);
    await api("/api/categories/settings", { method: "PATCH", body: values });
    form.reset(values);
    setSaved(true);
    router.refresh();
  });

  return (
    <SettingsSection id="classifier" title={t("title")} description={t("description")} card>
      <p className="text-sm text-slate-700" role="status">
        {settings.samples === 0
          ? t("learnedNothing")
          : t(settings.categories_learned < 2 ? "learnedOne" : "learned", { samples: settings.samples, categories: settings.categories_learned })}
        {settings.full_trained_at && <span className="text-slate-500"> {t.rich("retrained", { time: () => <RelativeTime value={settings.full_trained_at} /> })}</span>}
      </p>
      <form onSubmit={save} noValidate className="mt-5 space-y-5">
        <Field label={t("threshold")} id={thresholdField.id} hint={t("thresholdHint", { threshold: DEFAULT_THRESHOLD })} error={thresholdField.error} className="max-w-md">
          <div className="flex items-center gap-3">
            <input
              type="range"
              min={0.05}
              max={0.99}
              step={0.01}
              className="flex-1 accent-indigo-600"
              aria-describedby={`${thresholdField.id}-hint`}
              aria-valuetext={t("percent", { value: threshold })}
              {...form.register("threshold", { valueAsNumber: true })}
              id={thresholdField.id}
            />
            <output htmlFor={thresholdField.id} className="w-12 text-end text-sm text-slate-700 tabular-nums">
              {t("percent", { value: threshold })}
            </output>
          </div>
        </Field>
        <CheckboxField label={t("learnFromRules")} hint={t("learnFromRulesHint")} {...form.field("learn_from_rules")} />
        <SubmitRow label={t("save")} busyLabel={t("saving")} busy={form.busy} disabled={!hasCategories} done={saved && !form.formState.isDirty && t("saved")} error={form.formError} />
      </form>
    </SettingsSection>
  );
}
