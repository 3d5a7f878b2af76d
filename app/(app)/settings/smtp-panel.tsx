"use client";

import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { api } from "@/components/api-client";
import { Button } from "@/components/button";
import { SelectField, TextField } from "@/components/form-fields";
import { useSchemaForm } from "@/components/use-schema-form";
import { SMTP_SECURITIES, smtpSettingsInput, type SentEmailJson, type SmtpSettingsJson } from "@/lib/outbox/schemas";
import { RICH, SettingsSection, SubmitRow } from "./section";
import { SmtpTest } from "./smtp-test";
import { SentEmails } from "./sent-emails";

/** Admins: the company's own SMTP server for notifications and summaries, else the installation's SMTP_URL. */
export function SmtpPanel({ settings, sent }: { settings: SmtpSettingsJson; sent: SentEmailJson[] }) {
  const t = useTranslations("settings.smtp");
  const tActions = useTranslations("common.actions");
  const router = useRouter();
  const own = settings.source === "company";
  const form = useSchemaForm(smtpSettingsInput, {
    defaultValues: own
      ? { host: settings.host ?? "", port: settings.port ?? 587, security: (settings.security as (typeof SMTP_SECURITIES)[number]) ?? "starttls", username: settings.username ?? "", password: "", from_address: settings.from_address ?? "" }
      : { host: "", port: 587, security: "starttls", username: "", password: "", from_address: "" },
  });
  const [saved, setSaved] = useState(false);
  const [removing, setRemoving] = useState(false);

  const save = form.submit(async (values) => {
    setSaved(false);
    await api("/api/settings/smtp", { method: "PUT", body: values });
    form.reset({ ...form.getValues(), password: "" });
    setSaved(true);
    router.refresh();
  });

  const remove = async () => {
    setRemoving(true);
    try {
      await api("/api/settings/smtp", { method: "DELETE" });
      router.refresh();
    } finally {
      setRemoving(false);
    }
  };

  return (
    <SettingsSection id="smtp" title={t("title")} description={t("description")} card>
      <p className="mb-4 text-sm text-slate-700" role="status">
        {settings.source === "company" && t.rich("usingOwn", { ...RICH, host: `${settings.host}:${settings.port}` })}
        {settings.source === "server" && t.rich("usingServer", { ...RICH, host: `${settings.host}:${settings.port}`, from: settings.from_address ?? "" })}
        {settings.source === "none" && <span className="text-amber-800">{t.rich("usingNone", { code: (chunks) => <code className="font-mono text-xs">{chunks}</code> })}</span>}
      </p>
      <form onSubmit={save} noValidate className="space-y-4">
        <div className="grid gap-4 sm:grid-cols-4">
          <TextField label={t("host")} className="sm:col-span-2" autoComplete="off" placeholder="smtp.example.com" {...form.field("host")} />
          <TextField label={t("port")} inputMode="numeric" {...form.field("port")} />
          <SelectField label={t("security")} options={SMTP_SECURITIES.map((s) => ({ value: s, label: t(`securities.${s}`) }))} {...form.field("security")} />
          <TextField label={t("username")} className="sm:col-span-2" autoComplete="off" {...form.field("username")} />
          <TextField
            label={t("password")}
            className="sm:col-span-2"
            type="password"
            autoComplete="new-password"
            hint={own && settings.has_password ? t("passwordKept") : undefined}
            {...form.field("password")}
          />
          <TextField label={t("from")} className="sm:col-span-2" type="email" placeholder="mailroom@example.com" hint={t("fromHint")} {...form.field("from_address")} />
        </div>
        <SubmitRow label={tActions("save")} busyLabel={tActions("saving")} busy={form.busy} done={saved && !form.formState.isDirty && t("saved")} error={form.formError} />
      </form>
      {own && (
        <Button variant="secondary" className="mt-3" onClick={remove} disabled={removing}>
          {t("useServer")}
        </Button>
      )}
      <SmtpTest disabled={settings.source === "none"} />
      <SentEmails emails={sent} />
    </SettingsSection>
  );
}
