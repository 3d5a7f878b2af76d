"use client";

import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useEffect, useState, type ReactNode } from "react";
import type { UseFormRegisterReturn } from "react-hook-form";
import { api } from "@/components/api-client";
import { Button } from "@/components/button";
import { Swatch } from "@/components/category-badge";
import { FormError, SelectField, TextField } from "@/components/form-fields";
import { RULE_KINDS, useRuleKinds, type RuleKind } from "@/components/rule-kinds";
import { useSchemaForm } from "@/components/use-schema-form";
import { createRuleSchema, updateRuleSchema, type CategoryListItem, type CategoryRule } from "@/lib/categories/schemas";
import { RuleRowActions, RuleRowStatus } from "@/components/rule-row";
import { RICH } from "../section";

export type RuleCategory = Pick<CategoryListItem, "id" | "name" | "color">;
type FieldOf = (name: "kind" | "pattern" | "category_id") => UseFormRegisterReturn & { id: string; error?: string };

/** One rule, changed in place: Save shows once it differs from the stored rule. `moves` are the view's up/down buttons. */
export function RuleEditor({ rule, position, count, categories, moves }: { rule: CategoryRule; position: number; count: number; categories: RuleCategory[]; moves: ReactNode }) {
  const t = useTranslations("categories.rules");
  const router = useRouter();
  const form = useSchemaForm(updateRuleSchema, { defaultValues: { kind: rule.kind, pattern: rule.pattern, category_id: rule.category_id } });
  const [saved, setSaved] = useState(false);
  const dirty = form.formState.isDirty;
  const { reset } = form;

  useEffect(() => reset({ kind: rule.kind, pattern: rule.pattern, category_id: rule.category_id }), [reset, rule.kind, rule.pattern, rule.category_id]);

  const save = form.submit(async (values) => {
    setSaved(false);
    await api(`/api/categories/rules/${rule.id}`, { method: "PATCH", body: values });
    reset(values);
    setSaved(true);
    router.refresh();
  });

  return (
    <li className="p-4" aria-label={t("ruleLabel", { position, count })}>
      <form onSubmit={save} noValidate className="flex flex-wrap items-start gap-3">
        <span className="mt-8 w-6 shrink-0 text-end text-sm font-semibold text-slate-400 tabular-nums" aria-hidden>
          {position}.
        </span>
        <RuleFields field={(name) => ({ ...form.field(name), id: `rule-${rule.id}-${name}` })} kind={form.watch("kind") ?? rule.kind} categoryId={form.watch("category_id")} categories={categories} />
        <RuleRowActions
          moves={moves}
          dirty={dirty}
          busy={form.busy}
          deleteUrl={`/api/categories/rules/${rule.id}`}
          texts={{ label: t.rich("delete", { position, hidden: RICH.hidden }), title: t("deleteTitle", { position }), message: t("deleteMessage"), confirm: t("deleteConfirm") }}
        />
      </form>
      <RuleRowStatus formError={form.formError} saved={saved && !dirty} savedText={t("saved")} />
    </li>
  );
}

/** A rule at the bottom of the list: rules already in place keep deciding first. */
export function NewRuleForm({ categories }: { categories: RuleCategory[] }) {
  const t = useTranslations("categories.rules");
  const router = useRouter();
  const form = useSchemaForm(createRuleSchema, { defaultValues: { kind: "sender", pattern: "", category_id: categories[0]?.id ?? "" } });

  const add = form.submit(async (values) => {
    await api("/api/categories/rules", { method: "POST", body: values });
    form.reset({ ...values, pattern: "" });
    router.refresh();
  });

  return (
    <form onSubmit={add} noValidate className="space-y-3 border-t border-slate-200 p-4">
      <h3 className="text-sm font-semibold text-slate-900">{t("addTitle")}</h3>
      <div className="flex flex-wrap items-start gap-3">
        <RuleFields field={(name) => ({ ...form.field(name), id: `new-rule-${name}` })} kind={form.watch("kind")} categoryId={form.watch("category_id")} categories={categories} withExample />
        <Button type="submit" disabled={form.busy} className="mt-6">
          {form.busy ? t("adding") : t("add")}
        </Button>
      </div>
      <p className="text-xs text-slate-500">{t("addHint")}</p>
      <FormError message={form.formError} />
    </form>
  );
}

/** When the (kind) matches (pattern), the category is (category): the words read as the rule does. */
function RuleFields({ field, kind, categoryId, categories, withExample = false }: { field: FieldOf; kind: RuleKind; categoryId?: string; categories: RuleCategory[]; withExample?: boolean }) {
  const t = useTranslations("categories.rules");
  const kinds = useRuleKinds();
  const category = categories.find((c) => c.id === categoryId);
  const categoryLabel = (
    <span className="inline-flex items-center gap-1.5">
      {t("categoryIs")}
      {category && <Swatch color={category.color} className="size-2.5" />}
    </span>
  );
  return (
    <>
      <SelectField label={t("when")} className="w-44" options={RULE_KINDS.map((k) => ({ value: k, label: kinds(k).label }))} {...field("kind")} />
      <TextField label={t("matches")} className="min-w-56 flex-1" hint={kinds(kind).hint} placeholder={withExample ? kinds(kind).placeholder : undefined} dir="auto" spellCheck={false} autoComplete="off" {...field("pattern")} />
      <SelectField label={categoryLabel} className="w-52" options={categories.map((c) => ({ value: c.id, label: c.name }))} {...field("category_id")} />
    </>
  );
}
