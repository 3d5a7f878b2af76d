import Link from "next/link";
import type { getDocumentCategory } from "@/lib/categories/categorize";
import { Card } from "@/components/card";
import { CategoryBadge } from "@/components/category-badge";
import { CategoryPicker, percent, type CategoryOption } from "@/components/category-picker";
import { kindInfo, type RuleKind } from "@/components/rule-kinds";

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
  if (categories.length === 0) {
    return (
      <Card title="Category">
        <p className="text-sm text-slate-600">
          No categories yet.{" "}
          {canCreate ? (
            <>
              <Link href="/settings/categories" className="font-medium text-indigo-600 hover:underline">
                Create categories
              </Link>{" "}
              (with rules, if you like) and Mailroom sorts documents into them.
            </>
          ) : (
            "Once an admin creates categories, Mailroom sorts documents into them."
          )}
        </p>
      </Card>
    );
  }
  return (
    <Card title="Category">
      <div className="mb-4 flex flex-wrap items-center gap-2 text-sm">
        {state.category ? <CategoryBadge category={state.category} className="text-sm" /> : <span className="font-medium text-slate-700">No category</span>}
        <span className="text-slate-500">{why(state, rule, status)}</span>
      </div>
      <CategoryPicker key={state.category?.id ?? "none"} documentId={documentId} current={state.category?.id ?? null} categories={categories} suggestions={state.category_source === "person" ? [] : state.suggestions} label="Change the category" />
    </Card>
  );
}

function why(state: DocumentCategory, rule: { kind: RuleKind; pattern: string } | null, status: string): string {
  switch (state.category_source) {
    case "person":
      return state.category ? "Chosen by a person; rules and the classifier leave it alone." : "A person chose no category.";
    case "rule":
      return rule ? `By the ${kindInfo(rule.kind).label.toLowerCase()} rule “${rule.pattern}”.` : "By a category rule.";
    case "classifier":
      return `Chosen by the classifier, ${percent(state.category_confidence ?? 0)} sure.`;
    default:
      if (status !== "completed") return "Chosen once the document has been read.";
      return state.suggestions.length
        ? `No rule matched and the classifier was not sure enough (below ${percent(state.threshold)}): choose one.`
        : "No rule matched, and the classifier has not learned enough yet: choose one.";
  }
}
