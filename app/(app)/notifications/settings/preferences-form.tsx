"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";
import { api } from "@/components/api-client";
import { CheckboxField, SelectField } from "@/components/form-fields";
import { useSchemaForm } from "@/components/use-schema-form";
import { NOTIFICATION_CHANNEL_VALUES, updatePreferencesSchema, type Preferences } from "@/lib/notifications/schemas";
import { SubmitRow } from "../../settings/section";

/** Per event: in the app, in the app and by email, or off; and whether an empty day still sends the summary. */
export function PreferencesForm({ preferences }: { preferences: Preferences["preferences"] }) {
  const t = useTranslations("notifications");
  const tActions = useTranslations("common.actions");
  const defaults = { preferences: preferences.map((p) => ({ event: p.event, channel: p.channel, ...(p.event === "daily_summary" ? { when_empty: p.when_empty ?? true } : {}) })) };
  const form = useSchemaForm(updatePreferencesSchema, { defaultValues: defaults });
  const [saved, setSaved] = useState(false);
  const options = NOTIFICATION_CHANNEL_VALUES.map((c) => ({ value: c, label: t(`settings.channels.${c}`) }));

  const save = form.submit(async (values) => {
    setSaved(false);
    const answer = await api<Preferences>("/api/notifications/preferences", { method: "PUT", body: values });
    form.reset({ preferences: answer.preferences.map((p) => ({ event: p.event, channel: p.channel, ...(p.event === "daily_summary" ? { when_empty: p.when_empty ?? true } : {}) })) });
    setSaved(true);
  });

  return (
    <form onSubmit={save} noValidate className="max-w-2xl space-y-5 rounded-lg border border-slate-200 bg-white p-5">
      {preferences.map((p, i) => (
        <div key={p.event} className="space-y-2">
          <input type="hidden" {...form.register(`preferences.${i}.event`)} />
          <SelectField label={t(`names.${p.event}`)} className="max-w-sm" options={options} {...form.field(`preferences.${i}.channel`)} />
          {p.event === "daily_summary" && <CheckboxField label={t("settings.whenEmpty")} {...form.field(`preferences.${i}.when_empty`)} />}
        </div>
      ))}
      <SubmitRow label={tActions("save")} busyLabel={tActions("saving")} busy={form.busy} done={saved && !form.formState.isDirty && t("settings.saved")} error={form.formError} />
    </form>
  );
}
