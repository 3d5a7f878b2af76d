import Link from "next/link";
import { useTranslations } from "next-intl";
import type { getDocumentCategory } from "@/lib/categories/categorize";
import { Card } from "@/components/card";
import { CategoryBadge } from "@/components/category-badge";
import { CategoryPicker, percent, type CategoryOption } from "@/components/category-picker";
import type { RuleKind } from "@/components/rule-kinds";

type DocumentCategory = Awaited<ReturnType<typeof getDocumentCategory>>;

/** The document's category, why it has it, and the means to change it. */
export function CategoryPanel({
  documentId,
  state,
  categories,
  rule,
  status,
  canCreate,
}: {
  documentId: string;
  state: DocumentCategory;
  categories: CategoryOption[];
  rule: { kind: RuleKind; pattern: string } | null;
  status: string;
  canCreate: boolean;
}) {
  const t = useTranslations("documents.category");
  if (categories.length === 0) {
    return (
      <Card title={t("title")}>
        <p className="text-sm text-slate-600">
          {t("noneYet")}{" "}
          {canCreate ? (
            <>
              <Link href="/settings/categories" className="font-medium text-indigo-600 hover:underline">
                {t("create")}
              </Link>{" "}
              {t("createRest")}
            </>
          ) : (
            t("adminWill")
          )}
        </p>
      </Card>
    );
  }
  return (
    <Card title={t("title")}>
      <div className="mb-4 flex flex-wrap items-center gap-2 text-sm">
        {state.category ? <CategoryBadge category={state.category} className="text-sm" /> : <span className="font-medium text-slate-700">{t("none")}</span>}
        <span className="text-slate-500">{why(t, percent, state, rule, status)}</span>
      </div>
      <CategoryPicker key={state.category?.id ?? "none"} documentId={documentId} current={state.category?.id ?? null} categories={categories} suggestions={state.category_source === "person" ? [] : state.suggestions} label={t("change")} />
    </Card>
  );
}

type CategoryT = ReturnType<typeof useTranslations<"documents.category">>;

function why(t: CategoryT, pct: (n: number) => string, state: DocumentCategory, rule: { kind: RuleKind; pattern: string } | null, status: string): string {
  switch (state.category_source) {
    case "person":
      return state.category ? t("why.person") : t("why.personNone");
    case "rule":
      return rule ? t("why.rule", { kind: rule.kind, pattern: rule.pattern }) : t("why.ruleGone");
    case "classifier":
      return t("why.classifier", { percent: pct(state.category_confidence ?? 0) });
    default:
      if (status !== "completed") return t("why.later");
      return state.suggestions.length ? t("why.unsure", { percent: pct(state.threshold) }) : t("why.untrained");
  }
}
