"use client";

import { useTranslations } from "next-intl";
import { api } from "@/components/api-client";
import { Card } from "@/components/card";
import { FormError } from "@/components/form-fields";
import { useReorder, type ReorderLabels } from "@/components/reorder";
import type { CategoryRule } from "@/lib/categories/schemas";
import { SettingsSection } from "../section";
import { NewRuleForm, RuleEditor, type RuleCategory } from "./rule-editor";

/** The rules in the order they are tried, each editable in place and moved up or down (by keyboard too). */
export function RulesPanel({ rules, categories }: { rules: CategoryRule[]; categories: RuleCategory[] }) {
  const t = useTranslations("categories.rules");
  const { order, error: moveError, announcement, moveButtons } = useReorder(rules, reorderLabels(t), async (_moved, _to, next) => {
    await api("/api/categories/rules/reorder", { method: "POST", body: { ids: next.map((r) => r.id) } });
  });

  return (
    <SettingsSection id="rules" title={t("title")} description={t("description")}>
      <p aria-live="polite" className="sr-only">
        {announcement}
      </p>
      <Card padded={false}>
        {order.length === 0 ? (
          <p className="p-5 text-sm text-slate-500">{categories.length === 0 ? t("needCategory") : t("emptyAdmin")}</p>
        ) : (
          <ol aria-label={t("listLabel")} className="divide-y divide-slate-100">
            {order.map((rule, i) => (
              <RuleEditor
                key={rule.id}
                rule={rule}
                position={i + 1}
                count={order.length}
                categories={categories}
                moves={moveButtons(i)}
              />
            ))}
          </ol>
        )}
        {moveError && (
          <div className="px-4 pb-4">
            <FormError message={moveError} />
          </div>
        )}
        {categories.length > 0 && <NewRuleForm categories={categories} />}
      </Card>
    </SettingsSection>
  );
}

const reorderLabels = (t: ReturnType<typeof useTranslations<"categories.rules">>): ReorderLabels => ({
  moved: (position, count) => t("moved", { position, count }),
  move: (dir, position) => t(`move.${dir}`, { position }),
  title: (dir) => t(`move.${dir}Title`),
});
