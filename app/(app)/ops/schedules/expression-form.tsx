"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";
import { Button } from "@/components/button";
import { TextField } from "@/components/form-fields";
import { useSchemaForm } from "@/components/use-schema-form";
import { updateScheduleSchema, type ScheduleRow } from "@/lib/schedules/schemas";

/** A schedule's expression, shown; "Change" turns it into a field checked like the API checks it. */
export function ExpressionForm({ row, onSave }: { row: ScheduleRow; onSave(expression: string | null): Promise<void> }) {
  const t = useTranslations("schedules");
  const [editing, setEditing] = useState(false);
  const form = useSchemaForm(updateScheduleSchema.pick({ expression: true }).required(), { defaultValues: { expression: row.expression } });
  if (!editing) {
    return (
      <div className="flex items-center gap-2">
        <code dir="ltr" className="text-xs text-slate-900">{row.expression}</code>
        {row.expression !== row.default_expression && <span className="text-xs text-slate-500">{t("default", { expression: row.default_expression })}</span>}
        <Button size="sm" variant="ghost" onClick={() => setEditing(true)} aria-label={t("changeFor", { name: row.name })}>
          {t("change")}
        </Button>
      </div>
    );
  }
  const save = form.submit(async (values) => {
    await onSave(values.expression ?? null);
    setEditing(false);
  });
  return (
    <form onSubmit={save} noValidate className="flex flex-wrap items-end gap-2">
      <TextField label={t("expression")} dir="ltr" className="w-40" {...form.field("expression")} />
      <Button type="submit" size="sm" disabled={form.busy}>
        {t("save")}
      </Button>
      <Button size="sm" variant="ghost" onClick={() => setEditing(false)}>
        {t("cancel")}
      </Button>
      {form.formError && <p className="w-full text-xs text-red-700">{form.formError}</p>}
    </form>
  );
}
