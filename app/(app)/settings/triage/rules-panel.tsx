"use client";

import { useTranslations } from "next-intl";
import { api } from "@/components/api-client";
import { Card } from "@/components/card";
import { FormError } from "@/components/form-fields";
import { useReorder, type ReorderLabels } from "@/components/reorder";
import type { TriageRule } from "@/lib/triage/schemas";
import { SettingsSection } from "../section";
import { NewTriageRuleForm, TriageRuleEditor, TriageRuleView } from "./rule-editor";

/** The rules in the order they are tried, each editable in place and moved up or down (by keyboard too). */
export function TriageRulesPanel({ rules, canManage }: { rules: TriageRule[]; canManage: boolean }) {
  const t = useTranslations("triage.rules");
  const { order, error: moveError, announcement, moveButtons } = useReorder(rules, reorderLabels(t), async (moved, to) => {
    await api(`/api/triage/rules/${moved.id}`, { method: "PATCH", body: { position: to } });
  });

  return (
    <SettingsSection id="triage-rules" title={t("title")} description={t("description")}>
      <p aria-live="polite" className="sr-only">
        {announcement}
      </p>
      <Card padded={false}>
        {order.length === 0 ? (
          <p className="p-5 text-sm text-slate-500">{t("empty")}</p>
        ) : (
          <ol aria-label={t("listLabel")} className="divide-y divide-slate-100">
            {order.map((rule, i) =>
              canManage ? (
                <TriageRuleEditor
                  key={rule.id}
                  rule={rule}
                  position={i + 1}
                  count={order.length}
                  moves={moveButtons(i)}
                />
              ) : (
                <TriageRuleView key={rule.id} rule={rule} position={i + 1} />
              ),
            )}
          </ol>
        )}
        <p className="border-t border-slate-100 px-5 py-3 text-xs text-slate-500">{t("otherwise")}</p>
        {moveError && (
          <div className="px-4 pb-4">
            <FormError message={moveError} />
          </div>
        )}
        {canManage && <NewTriageRuleForm />}
      </Card>
    </SettingsSection>
  );
}

const reorderLabels = (t: ReturnType<typeof useTranslations<"triage.rules">>): ReorderLabels => ({
  moved: (position, count) => t("moved", { position, count }),
  move: (dir, position) => t(`move.${dir}`, { position }),
  title: (dir) => t(`move.${dir}Title`),
});
