"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { api } from "@/components/api-client";
import { Button } from "@/components/button";
import { FormError, SelectField, TextField } from "@/components/form-fields";
import { PASSWORD_MAX, PASSWORD_MIN } from "@/lib/auth/limits";
import { useFormAction } from "@/components/use-action";

const USER_FIELDS = ["email", "name", "password", "role"] as const;

export function AddPersonForm() {
  const router = useRouter();
  const { busy, error, fields, submit } = useFormAction(USER_FIELDS);
  const [added, setAdded] = useState<string | null>(null);

  async function add(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const f = new FormData(form);
    setAdded(null);
    await submit(form, async () => {
      const user = await api<{ email: string }>("/api/users", {
        method: "POST",
        body: { email: f.get("email"), name: String(f.get("name") ?? "").trim() || undefined, password: f.get("password"), role: f.get("role") },
      });
      setAdded(user.email);
      form.reset();
      router.refresh();
    });
  }

  return (
    <form onSubmit={add} className="border-t border-slate-200 p-5">
      <h3 className="mb-3 text-sm font-semibold text-slate-900">Add a person</h3>
      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
        <TextField label="Email" name="email" id="user-email" type="email" required autoComplete="off" error={fields.email} />
        <TextField label="Name" name="name" id="user-name" autoComplete="off" error={fields.name} />
        <TextField label="Password" name="password" id="user-password" type="password" required minLength={PASSWORD_MIN} maxLength={PASSWORD_MAX} autoComplete="new-password" hint="At least 8 characters; share it privately." error={fields.password} />
        <SelectField
          label="Role"
          name="role"
          id="user-role"
          defaultValue="member"
          options={[
            { value: "member", label: "Member" },
            { value: "admin", label: "Admin (manages people, mailboxes, categories)" },
          ]}
          error={fields.role}
        />
      </div>
      <div className="mt-4 flex flex-wrap items-center gap-3">
        <Button type="submit" disabled={busy}>
          {busy ? "Adding…" : "Add person"}
        </Button>
        {added && (
          <p role="status" className="text-sm text-emerald-700">
            {added} can now sign in.
          </p>
        )}
      </div>
      {error && (
        <div className="mt-3">
          <FormError message={error} />
        </div>
      )}
    </form>
  );
}
