"use client";

import { useTranslations } from "next-intl";
import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useEffect, useMemo, useState } from "react";
import { setupSchema } from "@/lib/auth/schemas";
import { PASSWORD_MIN } from "@/lib/auth/limits";
import { api, ApiError } from "@/components/api-client";
import { Button } from "@/components/button";
import { FormError, SelectField, TextField } from "@/components/form-fields";
import { useSchemaForm } from "@/components/use-schema-form";

/** `zones`: the server's list, so the page the browser hydrates is the page the server drew. */
export function SetupForm({ zones: serverZones }: { zones: string[] }) {
  const t = useTranslations("auth.setup");
  const router = useRouter();
  const form = useSchemaForm(setupSchema, { defaultValues: { company: "", name: "", email: "", password: "", time_zone: "UTC" } });
  // The browser's zone is only known here, after the page is drawn: it becomes the proposal.
  const [browserZone, setBrowserZone] = useState<string | null>(null);
  const { setValue } = form;
  useEffect(() => setBrowserZone(browserTimeZone()), []);
  // Once its option is drawn (a zone the list lacks is added above), the select can take it.
  useEffect(() => {
    if (browserZone) setValue("time_zone", browserZone);
  }, [browserZone, setValue]);
  const zones = useMemo(() => (browserZone && !serverZones.includes(browserZone) ? [browserZone, ...serverZones] : serverZones).map((z) => ({ value: z, label: z })), [browserZone, serverZones]);
  // Set up: the button stays busy while the next page loads.
  const [leaving, setLeaving] = useState(false);

  const submit = form.submit(async (input) => {
    try {
      await api("/api/setup", { method: "POST", body: { ...input, name: input.name || undefined } });
    } catch (err) {
      // Someone finished setting up a moment ago: sign in instead.
      if (err instanceof ApiError && err.code === "setup.done") return router.replace("/login");
      throw err;
    }
    const res = await signIn("credentials", { email: input.email, password: input.password, redirect: false });
    setLeaving(true);
    // Without a session the admin still exists; only the automatic sign-in failed.
    router.replace(res?.ok && !res.error ? "/" : "/login");
    router.refresh();
  });
  const busy = form.busy || leaving;

  return (
    <form onSubmit={submit} noValidate className="space-y-4">
      <TextField label={t("company")} required autoFocus autoComplete="organization" dir="auto" {...form.field("company")} />
      <TextField label={t("name")} autoComplete="name" dir="auto" {...form.field("name")} />
      <TextField label={t("email")} type="email" required autoComplete="email" dir="ltr" {...form.field("email")} />
      <TextField label={t("password")} type="password" required minLength={PASSWORD_MIN} autoComplete="new-password" hint={t("passwordHint", { min: PASSWORD_MIN })} {...form.field("password")} />
      <SelectField label={t("timeZone")} hint={t("timeZoneHint")} options={zones} dir="ltr" {...form.field("time_zone")} />
      <FormError message={form.formError} />
      <Button type="submit" className="w-full" disabled={busy}>
        {busy ? t("submitting") : t("submit")}
      </Button>
    </form>
  );
}

function browserTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
  } catch {
    return "UTC";
  }
}
