"use client";

import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { api } from "@/components/api-client";
import { Button } from "@/components/button";
import { FormError, TextField } from "@/components/form-fields";
import { useSchemaForm } from "@/components/use-schema-form";
import { createTokenSchema, type CreatedApiToken } from "@/lib/auth/schemas";

export function NewTokenForm({ onCreated }: { onCreated: (token: CreatedApiToken) => void }) {
  const t = useTranslations("settings.tokens");
  const router = useRouter();
  const form = useSchemaForm(createTokenSchema, { defaultValues: { name: "" } });

  const create = form.submit(async (values) => {
    onCreated(await api<CreatedApiToken>("/api/tokens", { method: "POST", body: values }));
    form.reset();
    router.refresh();
  });

  return (
    <form onSubmit={create} noValidate className="space-y-3 p-4">
      <div className="flex flex-wrap items-end gap-3">
        <TextField label={t("newName")} className="min-w-56 flex-1" placeholder={t("newNamePlaceholder")} dir="auto" autoComplete="off" {...form.field("name")} id="token-name" />
        <Button type="submit" disabled={form.busy}>
          {form.busy ? t("creating") : t("create")}
        </Button>
      </div>
      <FormError message={form.formError} />
    </form>
  );
}
