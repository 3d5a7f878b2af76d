"use client";

import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { api } from "@/components/api-client";
import { Button } from "@/components/button";
import { TextAreaField, TextField } from "@/components/form-fields";
import { useSchemaForm } from "@/components/use-schema-form";
import { autoReplySettingsInput, type AutoReplySettings } from "@/lib/triage/schemas";
import { renderAck, SAMPLE_VALUES, TEMPLATE_VARIABLES } from "@/lib/triage/ack-template";
import { SettingsSection, SubmitRow } from "./section";

/** Admins: the acknowledgement's template (HTML and text) with a live preview, and its limits. */
export function AutoReplyPanel({ settings }: { settings: AutoReplySettings }) {
  const t = useTranslations("settings.autoReply");
  const tActions = useTranslations("common.actions");
  const router = useRouter();
  const { is_default: _, ...values } = settings;
  const form = useSchemaForm(autoReplySettingsInput, { defaultValues: values });
  const [saved, setSaved] = useState(false);
  const [resetting, setResetting] = useState(false);
  const [subject, html, text] = form.watch(["subject", "html", "text"]);
  const preview = renderAck({ subject: subject ?? "", html: html ?? "", text: text ?? "" }, SAMPLE_VALUES);

  const save = form.submit(async (v) => {
    setSaved(false);
    await api("/api/settings/auto-reply", { method: "PUT", body: v });
    setSaved(true);
    router.refresh();
  });
  const reset = async () => {
    setResetting(true);
    try {
      const fresh = await api<AutoReplySettings>("/api/settings/auto-reply", { method: "DELETE" });
      const { is_default: __, ...rest } = fresh;
      form.reset(rest);
      router.refresh();
    } finally {
      setResetting(false);
    }
  };

  return (
    <SettingsSection id="auto-reply" title={t("title")} description={t("description")} card>
      <p className="mb-4 text-sm text-slate-700">
        {t.rich("variables", {
          list: () => TEMPLATE_VARIABLES.map((v) => <code key={v} dir="ltr" className="me-1 rounded bg-slate-100 px-1 text-xs">{`{{${v}}}`}</code>),
        })}
      </p>
      <form onSubmit={save} noValidate className="space-y-4">
        <TextField label={t("subject")} dir="auto" {...form.field("subject")} />
        <div className="grid gap-4 lg:grid-cols-2">
          <TextAreaField label={t("text")} rows={8} dir="auto" {...form.field("text")} />
          <TextAreaField label={t("html")} rows={8} dir="ltr" spellCheck={false} {...form.field("html")} />
        </div>
        <div className="grid gap-4 sm:grid-cols-2">
          <TextField label={t("windowHours")} hint={t("windowHoursHint")} inputMode="numeric" {...form.field("window_hours")} />
          <TextField label={t("maxPerHour")} hint={t("maxPerHourHint")} inputMode="numeric" {...form.field("max_per_hour")} />
        </div>
        <section aria-label={t("preview")} className="space-y-2 rounded border border-slate-200 bg-slate-50 p-3">
          <h3 className="text-sm font-medium text-slate-900">{t("preview")}</h3>
          <p className="text-sm text-slate-800" data-testid="ack-preview-subject">
            <bdi>{preview.subject}</bdi>
          </p>
          <pre dir="auto" className="text-sm whitespace-pre-wrap text-slate-800" data-testid="ack-preview-text">
            {preview.text}
          </pre>
          {/* No scripts, no same origin: the company's HTML is shown, never run. */}
          <iframe title={t("previewHtml")} sandbox="" srcDoc={preview.html} className="h-40 w-full rounded border border-slate-200 bg-white" />
        </section>
        <SubmitRow label={tActions("save")} busyLabel={tActions("saving")} busy={form.busy} done={saved && !form.formState.isDirty && t("saved")} error={form.formError} />
      </form>
      {!settings.is_default && (
        <Button variant="secondary" className="mt-3" onClick={reset} disabled={resetting}>
          {t("reset")}
        </Button>
      )}
    </SettingsSection>
  );
}
