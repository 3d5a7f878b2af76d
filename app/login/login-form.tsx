"use client";

import { signIn } from "next-auth/react";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { loginSchema } from "@/lib/auth/contract";
import { Button } from "@/components/button";
import { FormError, TextField } from "@/components/form-fields";
import { useSchemaForm } from "@/components/use-schema-form";

export function LoginForm({ next }: { next: string }) {
  const t = useTranslations("auth.login");
  const tErrors = useTranslations("common.errors");
  const router = useRouter();
  const form = useSchemaForm(loginSchema, { defaultValues: { email: "", password: "" } });
  // Signed in: the button stays busy while the next page loads.
  const [leaving, setLeaving] = useState(false);

  const submit = form.submit(async (credentials) => {
    let res: Awaited<ReturnType<typeof signIn>>;
    try {
      res = await signIn("credentials", { ...credentials, redirect: false });
    } catch {
      form.setFormError(tErrors("network"));
      return;
    }
    if (res?.ok && !res.error) {
      setLeaving(true);
      router.replace(next);
      router.refresh();
      return;
    }
    // next-auth passes the sentence authorize() threw (throttled, disabled: already in the reader's language) as `error`; its own codes are single words.
    const error = res?.error;
    form.setFormError(error === "CredentialsSignin" ? t("errors.wrong") : error && /\s/.test(error) ? error : t("errors.unavailable"));
  });

  const busy = form.busy || leaving;
  return (
    <form onSubmit={submit} noValidate className="space-y-4">
      <TextField label={t("email")} type="email" required autoFocus autoComplete="username" dir="ltr" {...form.field("email")} />
      <TextField label={t("password")} type="password" required autoComplete="current-password" {...form.field("password")} />
      <FormError message={form.formError} />
      <Button type="submit" className="w-full" disabled={busy}>
        {busy ? t("submitting") : t("submit")}
      </Button>
    </form>
  );
}
