"use client";

import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { api } from "@/components/api-client";
import { SelectField, TextField } from "@/components/form-fields";
import { useSchemaForm } from "@/components/use-schema-form";
import { createUserSchema, type User } from "@/lib/auth/schemas";
import { PASSWORD_MIN } from "@/lib/auth/limits";
import { SubmitRow } from "./section";

export function AddPersonForm() {
  const t = useTranslations("settings.people");
  const router = useRouter();
  const form = useSchemaForm(createUserSchema, { defaultValues: { email: "", name: "", password: "", role: "member" } });
  const [added, setAdded] = useState<string | null>(null);
  // Ids of their own: the token form on the same page has a name field too.
  const field = (name: "email" | "name" | "password" | "role") => ({ ...form.field(name), id: `person-${name}` });

  const add = form.submit(async (values) => {
    setAdded(null);
    const user = await api<User>("/api/users", { method: "POST", body: values });
    setAdded(user.email);
    form.reset();
    router.refresh();
  });

  return (
    <form onSubmit={add} noValidate className="space-y-4">
      <h3 className="text-sm font-semibold text-slate-900">{t("addTitle")}</h3>
      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
        <TextField label={t("email")} type="email" autoComplete="off" dir="ltr" {...field("email")} />
        <TextField label={t("name")} autoComplete="off" dir="auto" {...field("name")} />
        <TextField label={t("password")} type="password" autoComplete="new-password" hint={t("passwordHint", { minimum: PASSWORD_MIN })} {...field("password")} />
        <SelectField
          label={t("role")}
          options={[
            { value: "member", label: t("roles.member") },
            { value: "admin", label: t("roles.adminLong") },
          ]}
          {...field("role")}
        />
      </div>
      <SubmitRow label={t("add")} busyLabel={t("adding")} busy={form.busy} done={added && t("canSignIn", { email: added })} error={form.formError} />
    </form>
  );
}
