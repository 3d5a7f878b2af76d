import { getTranslations } from "next-intl/server";
import { and, desc, eq } from "drizzle-orm";
import { listTriageRules, triageRuleJson } from "@/lib/triage/rules";
import { emails } from "@/lib/db/schema/mail";
import { services } from "@/lib/web/services";
import { PageHeader } from "@/components/page-header";
import { can } from "@/lib/auth/permissions";
import { AdminOnly } from "@/components/admin-only";
import { requireCaller } from "../../caller";
import { TriageRulesPanel } from "./rules-panel";
import { DryRunPanel, type RecentEmail } from "./dry-run-panel";

export const dynamic = "force-dynamic";

export async function generateMetadata() {
  const t = await getTranslations("triage");
  return { title: t("title") };
}

const RECENT_EMAILS = 20;

export default async function TriageSettingsPage() {
  const caller = await requireCaller("/settings/triage");
  const t = await getTranslations("triage");
  const { db } = services();
  const [rules, recent] = await Promise.all([
    listTriageRules(db, caller.companyId),
    db
      .select({ id: emails.id, from: emails.fromAddress, subject: emails.subject })
      .from(emails)
      .where(and(eq(emails.companyId, caller.companyId)))
      .orderBy(desc(emails.createdAt))
      .limit(RECENT_EMAILS),
  ]);
  const manage = can(caller.role, "triage.manage");
  return (
    <>
      <PageHeader title={t("title")} description={t("description")} back={{ href: "/settings", label: t("back") }} />
      <div className="space-y-10">
        {!manage && <AdminOnly permission="triage.manage" />}
        <TriageRulesPanel rules={rules.map(triageRuleJson)} canManage={manage} />
        <DryRunPanel recent={recent satisfies RecentEmail[]} />
      </div>
    </>
  );
}
