"use client";

import { useTranslations } from "next-intl";
import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { api, ApiError, focusFirstInvalid, formMessage, type FieldErrors } from "@/components/api-client";
import { Button } from "@/components/button";
import { FormError, TextField } from "@/components/form-fields";

export function SetupForm() {
  const router = useRouter();
  const tErrors = useTranslations("common.errors");
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [fields, setFields] = useState<FieldErrors>({});

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const el = e.currentTarget;
    const form = new FormData(el);
    const email = String(form.get("email"));
    const password = String(form.get("password"));
    setSaving(true);
    setError(null);
    setFields({});
    try {
      await api("/api/setup", { method: "POST", body: { company: form.get("company"), name: String(form.get("name")).trim() || undefined, email, password } });
    } catch (err) {
      if (err instanceof ApiError && err.code === "setup.done") {
        router.replace("/login");
        return;
      }
      setError(formMessage(err, (p) => ["company", "name", "email", "password"].includes(p), tErrors));
      if (err instanceof ApiError) setFields(err.fields);
      focusFirstInvalid(el);
      setSaving(false);
      return;
    }
    const res = await signIn("credentials", { email, password, redirect: false });
    if (!res || res.error) {
      // The admin exists; only the automatic sign-in failed.
      router.replace("/login");
      return;
    }
    router.replace("/");
    router.refresh();
  }

  return (
    <form onSubmit={submit} className="space-y-4">
      <TextField label="Company name" name="company" required autoFocus autoComplete="organization" error={fields.company} />
      <TextField label="Your name" name="name" autoComplete="name" error={fields.name} />
      <TextField label="Email" name="email" type="email" required autoComplete="email" error={fields.email} />
      <TextField label="Password" name="password" type="password" required minLength={8} autoComplete="new-password" hint="At least 8 characters." error={fields.password} />
      <FormError message={error} />
      <Button type="submit" className="w-full" disabled={saving}>
        {saving ? "Creating…" : "Create and sign in"}
      </Button>
    </form>
  );
}
