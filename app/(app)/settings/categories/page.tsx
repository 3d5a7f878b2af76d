import { getTranslations } from "next-intl/server";
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

export async function generateMetadata() {
  const t = await getTranslations("categories");
  return { title: t("title") };
}

export default async function CategoriesSettingsPage() {
  const caller = await requireCaller("/settings/categories");
  const t = await getTranslations("categories");
  const { db } = services();
  const [categories, rules, settings] = await Promise.all([listCategories(db, caller.companyId), listRules(db, caller.companyId), getCategorySettings(db, caller.companyId)]);
  const ruleRows = rules.map(ruleJson);
  return (
    <>
      <PageHeader title={t("title")} description={t("description")} back={{ href: "/settings", label: t("back") }} />
      <div className="space-y-10">
        <HowItDecides />
        {can(caller.role, "categories.manage") ? (
          <>
            <CategoriesPanel categories={categories} nextColor={CATEGORY_PALETTE[categories.length % CATEGORY_PALETTE.length]} />
            <RulesPanel rules={ruleRows} categories={categories} />
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

async function HowItDecides() {
  const t = await getTranslations("categories.how");
  const strong = (chunks: React.ReactNode) => <strong className="font-medium">{chunks}</strong>;
  return (
    <section aria-labelledby="how-heading" className="rounded-lg border border-indigo-100 bg-indigo-50/50 p-5">
      <h2 id="how-heading" className="text-sm font-semibold text-slate-900">
        {t("title")}
      </h2>
      <ol className="mt-2 list-decimal space-y-1 ps-5 text-sm text-slate-700">
        <li>{t.rich("person", { strong })}</li>
        <li>{t.rich("rules", { strong })}</li>
        <li>{t.rich("classifier", { strong })}</li>
      </ol>
      <p className="mt-2 text-xs text-slate-500">{t("again")}</p>
    </section>
  );
}
