import { CategoryBadge } from "@/components/category-badge";
import { kindInfo, type RuleKind } from "@/components/rule-kinds";
import { Table, Tbody, Td, Th } from "@/components/table";

type Category = { id: string; name: string; color: string; document_count: number; rule_count: number };
type Rule = { id: string; category_id: string; kind: RuleKind; pattern: string };

/** The categories and rules as a member sees them: to read, not to change. */
export function CategoriesView({ categories, rules, threshold }: { categories: Category[]; rules: Rule[]; threshold: number }) {
  const byId = new Map(categories.map((c) => [c.id, c]));
  return (
    <>
      <section aria-labelledby="categories-heading">
        <h2 id="categories-heading" className="mb-4 text-lg font-semibold text-slate-900">
          Categories
        </h2>
        {categories.length === 0 ? (
          <p className="text-sm text-slate-500">No categories yet.</p>
        ) : (
          <Table label="Categories">
            <thead>
              <tr>
                <Th>Category</Th>
                <Th>Documents</Th>
                <Th>Rules</Th>
              </tr>
            </thead>
            <Tbody>
              {categories.map((c) => (
                <tr key={c.id}>
                  <Td>
                    <CategoryBadge category={c} />
                  </Td>
                  <Td className="tabular-nums">{c.document_count.toLocaleString("en")}</Td>
                  <Td className="tabular-nums">{c.rule_count.toLocaleString("en")}</Td>
                </tr>
              ))}
            </Tbody>
          </Table>
        )}
      </section>
      <section aria-labelledby="rules-heading">
        <h2 id="rules-heading" className="mb-4 text-lg font-semibold text-slate-900">
          Rules
        </h2>
        {rules.length === 0 ? (
          <p className="text-sm text-slate-500">No rules yet: only the classifier (and people) categorize documents.</p>
        ) : (
          <ol aria-label="Rules, in the order they are tried" className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white text-sm shadow-sm">
            {rules.map((r, i) => {
              const category = byId.get(r.category_id);
              return (
                <li key={r.id} className="flex flex-wrap items-center gap-2 px-4 py-3">
                  <span className="w-6 text-slate-400 tabular-nums">{i + 1}.</span>
                  <span className="font-medium text-slate-700">{kindInfo(r.kind).label}</span>
                  <code className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-xs text-slate-800" dir="auto">
                    {r.pattern}
                  </code>
                  <span className="text-slate-400">→</span>
                  {category && <CategoryBadge category={category} />}
                </li>
              );
            })}
          </ol>
        )}
      </section>
      <p className="text-sm text-slate-600">The classifier’s suggestion is used when its confidence reaches {Math.round(threshold * 100)}%.</p>
    </>
  );
}
