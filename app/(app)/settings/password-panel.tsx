"use client";

import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { api } from "@/components/api-client";
import { TextField } from "@/components/form-fields";
import { useSchemaForm } from "@/components/use-schema-form";
import { changePasswordFormSchema } from "@/lib/auth/schemas";
import { PASSWORD_MIN } from "@/lib/auth/limits";
import { SettingsSection, SubmitRow } from "./section";

/** Anyone's own password. The change ends every session, this one too, so the form signs in again with the new one. */
export function PasswordPanel({ email }: { email: string }) {
  const t = useTranslations("settings.password");
  const router = useRouter();
  const form = useSchemaForm(changePasswordFormSchema, { defaultValues: { current_password: "", new_password: "", repeat_password: "" } });
  const [done, setDone] = useState(false);

  const change = form.submit(async ({ current_password, new_password }) => {
    setDone(false);
    await api("/api/me/password", { method: "POST", body: { current_password, new_password } });
    form.reset();
    const again = await signIn("credentials", { email, password: new_password, redirect: false });
    if (!again?.ok) return router.push("/login");
    setDone(true);
    router.refresh();
  });

  return (
    <SettingsSection id="password" title={t("title")} description={t("description")} card>
      <form onSubmit={change} noValidate className="space-y-4">
        <div className="grid gap-4 sm:grid-cols-3">
          <TextField label={t("current")} type="password" autoComplete="current-password" {...form.field("current_password")} />
          <TextField label={t("new")} type="password" autoComplete="new-password" hint={t("newHint", { minimum: PASSWORD_MIN })} {...form.field("new_password")} />
          <TextField label={t("repeat")} type="password" autoComplete="new-password" {...form.field("repeat_password")} />
        </div>
        <SubmitRow label={t("change")} busyLabel={t("changing")} busy={form.busy} done={done && t("changed")} error={form.formError} />
      </form>
    </SettingsSection>
  );
}
