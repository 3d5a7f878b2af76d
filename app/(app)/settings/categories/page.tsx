import { CATEGORY_PALETTE, getCategorySettings, listCategories, listRules, ruleJson } from "@/lib/categories/service";
import { services } from "@/lib/web/services";
import { PageHeader } from "@/components/page-header";
import { can } from "@/lib/auth/permissions";
import { AdminOnly } from "@/components/admin-only";
import { requireCaller } from "../../caller";
import { CategoriesView } from "./categories-view";
import { CategoriesPanel } from "./categories-panel";
import { ClassifierPanel } from "./classifier-panel";
import { RulesPanel } from "./rules-panel";

export const dynamic = "force-dynamic";
export const metadata = { title: "Categories · Mailroom" };

export default async function CategoriesSettingsPage() {
  const caller = await requireCaller("/settings/categories");
  const { db } = services();
  const [categories, rules, settings] = await Promise.all([listCategories(db, caller.companyId), listRules(db, caller.companyId), getCategorySettings(db, caller.companyId)]);
  const brief = categories.map((c) => ({ id: c.id, name: c.name, color: c.color }));
  const ruleRows = rules.map(ruleJson).map((r) => ({ id: r.id, category_id: r.category_id, kind: r.kind, pattern: r.pattern }));
  return (
    <>
      <PageHeader
        title="Categories"
        description="Sort documents into categories: by rules you write, and by what Mailroom learns from the documents people categorize."
        back={{ href: "/settings", label: "Settings" }}
      />
      <div className="space-y-10">
        <HowItDecides />
        {can(caller.role, "categories.manage") ? (
          <>
            <CategoriesPanel categories={categories} nextColor={CATEGORY_PALETTE[categories.length % CATEGORY_PALETTE.length]} />
            <RulesPanel rules={ruleRows} categories={brief} />
            <ClassifierPanel settings={settings} hasCategories={categories.length > 0} />
          </>
        ) : (
          <>
            <AdminOnly permission="categories.manage" />
            <CategoriesView categories={categories} rules={ruleRows} threshold={settings.threshold} />
          </>
        )}
      </div>
    </>
  );
}

function HowItDecides() {
  return (
    <section aria-labelledby="how-heading" className="rounded-lg border border-indigo-100 bg-indigo-50/50 p-5">
      <h2 id="how-heading" className="text-sm font-semibold text-slate-900">
        How a document gets its category
      </h2>
      <ol className="mt-2 list-decimal space-y-1 pl-5 text-sm text-slate-700">
        <li>
          <strong className="font-medium">A person’s choice always wins.</strong> Once someone picks a category for a document (or picks none), Mailroom never changes it.
        </li>
        <li>
          <strong className="font-medium">Otherwise the rules are tried from the top.</strong> The first rule that matches decides; the ones below it are not asked.
        </li>
        <li>
          <strong className="font-medium">If no rule matches, the classifier suggests one.</strong> It learns from the documents people categorized (their text, vendor and sender), and its
          suggestion is used only when its confidence reaches the threshold below. Below it, the document stays uncategorized and waits for someone to review it.
        </li>
      </ol>
      <p className="mt-2 text-xs text-slate-500">Every 10 minutes Mailroom also tries again on documents still without a category, so new rules and what the classifier learns reach older documents too.</p>
    </section>
  );
}
