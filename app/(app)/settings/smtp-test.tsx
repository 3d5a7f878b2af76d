"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";
import { api } from "@/components/api-client";
import { TextField } from "@/components/form-fields";
import { useSchemaForm } from "@/components/use-schema-form";
import { smtpTestInput, type SmtpTestResult } from "@/lib/outbox/schemas";
import { SubmitRow } from "./section";

/** "Send test email": the saved settings at work, with the server's own answer shown as it was. */
export function SmtpTest({ disabled }: { disabled: boolean }) {
  const t = useTranslations("settings.smtp.test");
  const form = useSchemaForm(smtpTestInput, { defaultValues: { to: "" } });
  const [result, setResult] = useState<SmtpTestResult | null>(null);

  const send = form.submit(async (values) => {
    setResult(null);
    setResult(await api<SmtpTestResult>("/api/settings/smtp/test", { method: "POST", body: { to: values.to || undefined } }));
  });

  return (
    <form onSubmit={send} noValidate className="mt-6 space-y-3 border-t border-slate-200 pt-4">
      <h3 className="text-sm font-semibold text-slate-900">{t("title")}</h3>
      <TextField label={t("to")} type="email" className="max-w-sm" hint={t("toHint")} {...form.field("to")} />
      <SubmitRow label={t("send")} busyLabel={t("sending")} busy={form.busy} disabled={disabled} error={form.formError} />
      {result && (
        <div role="status" className={`rounded-md p-3 text-sm ring-1 ${result.ok ? "bg-emerald-50 text-emerald-900 ring-emerald-600/20" : "bg-red-50 text-red-900 ring-red-600/20"}`}>
          <p>{result.ok ? t("sent", { to: result.to }) : t("failed")}</p>
          <p className="mt-1" lang="en" dir="ltr">
            {result.message}
          </p>
          {result.response && (
            <p className="mt-2">
              {t("serverSaid")}{" "}
              <code dir="ltr" className="rounded bg-white/70 px-1 font-mono text-xs">
                {result.response}
              </code>
            </p>
          )}
        </div>
      )}
    </form>
  );
}
