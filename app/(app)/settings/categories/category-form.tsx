"use client";

import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import type { UseFormRegisterReturn } from "react-hook-form";
import { api } from "@/components/api-client";
import { Button } from "@/components/button";
import { Field, FormError, TextField } from "@/components/form-fields";
import { useSchemaForm } from "@/components/use-schema-form";
import { createCategorySchema, updateCategorySchema, type CategoryListItem } from "@/lib/categories/schemas";

type FieldOf = (name: "name" | "color") => UseFormRegisterReturn & { id: string; error?: string };

/** A new category: its name, and a colour (the next of the palette unless the person picks another). */
export function NewCategoryForm({ color }: { color: string }) {
  const t = useTranslations("categories.list");
  const router = useRouter();
  const form = useSchemaForm(createCategorySchema, { defaultValues: { name: "", color } });

  const add = form.submit(async (values) => {
    await api("/api/categories", { method: "POST", body: values });
    form.reset({ name: "", color });
    router.refresh();
  });

  return (
    <form onSubmit={add} noValidate className="space-y-3 p-4">
      <div className="flex flex-wrap items-start gap-3">
        <CategoryFields field={form.field} nameLabel={t("newName")} placeholder={t("newNamePlaceholder")} />
        <Button type="submit" disabled={form.busy} className="mt-6">
          {form.busy ? t("adding") : t("add")}
        </Button>
      </div>
      <FormError message={form.formError} />
    </form>
  );
}

/** One category's name and colour, changed in its own row; Escape leaves it as it was. */
export function EditCategoryForm({ category, onDone }: { category: CategoryListItem; onDone: () => void }) {
  const t = useTranslations("categories.list");
  const tActions = useTranslations("common.actions");
  const router = useRouter();
  const form = useSchemaForm(updateCategorySchema, { defaultValues: { name: category.name, color: category.color } });

  const save = form.submit(async (values) => {
    await api(`/api/categories/${category.id}`, { method: "PATCH", body: values });
    onDone();
    router.refresh();
  });

  return (
    <form onSubmit={save} noValidate className="space-y-3" onKeyDown={(e) => e.key === "Escape" && onDone()}>
      <div className="flex flex-wrap items-start gap-3">
        <CategoryFields field={(name) => ({ ...form.field(name), id: `category-${category.id}-${name}` })} nameLabel={t("name")} autoFocus />
        <div className="mt-6 flex gap-2">
          <Button type="submit" disabled={form.busy}>
            {form.busy ? tActions("saving") : tActions("save")}
          </Button>
          <Button variant="ghost" onClick={onDone} disabled={form.busy}>
            {tActions("cancel")}
          </Button>
        </div>
      </div>
      <FormError message={form.formError} />
    </form>
  );
}

function CategoryFields({ field, nameLabel, placeholder, autoFocus }: { field: FieldOf; nameLabel: string; placeholder?: string; autoFocus?: boolean }) {
  const t = useTranslations("categories.list");
  const { error: colorError, ...color } = field("color");
  return (
    <>
      <TextField label={nameLabel} className="min-w-56 flex-1" placeholder={placeholder} dir="auto" autoComplete="off" autoFocus={autoFocus} {...field("name")} />
      <Field label={t("colour")} id={color.id} error={colorError}>
        <input type="color" className="block h-9 w-14 cursor-pointer rounded-md border border-slate-300 bg-white p-1" aria-invalid={colorError ? true : undefined} {...color} />
      </Field>
    </>
  );
}
