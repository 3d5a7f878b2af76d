"use client";

import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { api } from "@/components/api-client";
import { Button } from "@/components/button";
import { Card } from "@/components/card";
import { FormError, TextField } from "@/components/form-fields";
import { useFormAction } from "@/components/use-action";
import { PASSWORD_MAX, PASSWORD_MIN } from "@/lib/auth/limits";

const PASSWORD_FIELDS = ["current_password", "new_password"] as const;

/** Anyone's own password. The change ends every session, this one too, so the form signs in again with the new one. */
export function PasswordPanel({ email }: { email: string }) {
  const router = useRouter();
  const { busy, error, fields, setFields, submit } = useFormAction(PASSWORD_FIELDS);
  const [done, setDone] = useState(false);

  async function change(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const f = new FormData(form);
    const next = String(f.get("new_password") ?? "");
    setDone(false);
    if (next !== f.get("repeat_password")) {
      setFields({ repeat_password: "does not match the new password" });
      return;
    }
    await submit(form, async () => {
      await api("/api/me/password", { method: "POST", body: { current_password: f.get("current_password"), new_password: next } });
      form.reset();
      const again = await signIn("credentials", { email, password: next, redirect: false });
      if (!again?.ok) return router.push("/login");
      setDone(true);
      router.refresh();
    });
  }

  return (
    <section aria-labelledby="password-heading">
      <h2 id="password-heading" className="text-lg font-semibold text-slate-900">
        Your password
      </h2>
      <p className="mt-1 mb-4 text-sm text-slate-500">Changing it signs you out everywhere else. Your API tokens keep working.</p>
      <Card>
        <form onSubmit={change} className="space-y-4">
          <div className="grid gap-4 sm:grid-cols-3">
            <TextField label="Current password" name="current_password" id="current-password" type="password" required autoComplete="current-password" error={fields.current_password} />
            <TextField label="New password" name="new_password" id="new-password" type="password" required minLength={PASSWORD_MIN} maxLength={PASSWORD_MAX} autoComplete="new-password" hint="At least 8 characters." error={fields.new_password} />
            <TextField label="Repeat new password" name="repeat_password" id="repeat-password" type="password" required autoComplete="new-password" error={fields.repeat_password} />
          </div>
          <div className="flex flex-wrap items-center gap-3">
            <Button type="submit" disabled={busy}>
              {busy ? "Changing…" : "Change password"}
            </Button>
            {done && (
              <p role="status" className="text-sm text-emerald-700">
                Password changed; other sessions were signed out.
              </p>
            )}
          </div>
          <FormError message={error} />
        </form>
      </Card>
    </section>
  );
}
