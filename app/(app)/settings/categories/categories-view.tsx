import { useTranslations } from "next-intl";
import type { ReactNode } from "react";
import { CategoryBadge } from "@/components/category-badge";
import { useFormat } from "@/components/format";
import { useRuleKinds } from "@/components/rule-kinds";
import { Table, Tbody, Td } from "@/components/table";
import type { CategoryListItem, CategoryRule } from "@/lib/categories/schemas";
import { SettingsSection, TableHead } from "../section";

type Rule = Pick<CategoryRule, "id" | "category_id" | "kind" | "pattern">;

/** The categories and rules as a member sees them: to read, not to change. */
export function CategoriesView({ categories, rules, threshold }: { categories: CategoryListItem[]; rules: Rule[]; threshold: number }) {
  const t = useTranslations("categories");
  const kinds = useRuleKinds();
  const byId = new Map(categories.map((c) => [c.id, c]));
  return (
    <>
      <SettingsSection id="categories" title={t("list.title")}>
        {categories.length === 0 ? <p className="text-sm text-slate-500">{t("list.emptyTitle")}</p> : <CategoriesTable categories={categories} />}
      </SettingsSection>
      <SettingsSection id="rules" title={t("rules.title")}>
        {rules.length === 0 ? (
          <p className="text-sm text-slate-500">{t("rules.empty")}</p>
        ) : (
          <ol aria-label={t("rules.listLabel")} className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white text-sm shadow-sm">
            {rules.map((r, i) => {
              const category = byId.get(r.category_id);
              return (
                <li key={r.id} className="flex flex-wrap items-center gap-2 px-4 py-3">
                  <span className="w-6 text-slate-400 tabular-nums">{i + 1}.</span>
                  <span className="font-medium text-slate-700">{kinds(r.kind).label}</span>
                  <code className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-xs text-slate-800" dir="auto">
                    {r.pattern}
                  </code>
                  <span className="inline-block text-slate-400 rtl:-scale-x-100" aria-hidden>
                    →
                  </span>
                  {category && <CategoryBadge category={category} />}
                </li>
              );
            })}
          </ol>
        )}
      </SettingsSection>
      <p className="text-sm text-slate-600">{t("classifier.thresholdNote", { threshold })}</p>
    </>
  );
}

/** Categories with their counts; an admin's rows also carry `actions`, and the row being edited shows `editor` instead. */
export function CategoriesTable({
  categories,
  editing,
  editor,
  actions,
}: {
  categories: CategoryListItem[];
  editing?: string | null;
  editor?: (c: CategoryListItem) => ReactNode;
  actions?: (c: CategoryListItem) => ReactNode;
}) {
  const t = useTranslations("categories.list");
  const format = useFormat();
  return (
    <Table label={t("title")}>
      <TableHead columns={[t("category"), t("documents"), t("rules")]} actions={actions && t("actions")} />
      <Tbody>
        {categories.map((c) =>
          editing === c.id && editor ? (
            <tr key={c.id}>
              <td colSpan={4} className="px-4 py-3">
                {editor(c)}
              </td>
            </tr>
          ) : (
            <tr key={c.id}>
              <Td>
                <CategoryBadge category={c} />
              </Td>
              <Td className="tabular-nums">{format.number(c.document_count)}</Td>
              <Td className="tabular-nums">{format.number(c.rule_count)}</Td>
              {actions && <Td className="text-end whitespace-nowrap">{actions(c)}</Td>}
            </tr>
          ),
        )}
      </Tbody>
    </Table>
  );
}
