import { getTranslations } from "next-intl/server";
import { AccountForm } from "@/components/account-form";
import { PageHeader } from "@/components/page-header";
import { can } from "@/lib/auth/permissions";
import { AdminOnly } from "@/components/admin-only";
import { titled } from "../../page-helpers";
import { requireCaller } from "../../caller";

export const dynamic = "force-dynamic";

export const generateMetadata = titled("accounts.new");

export default async function NewAccountPage() {
  const caller = await requireCaller("/accounts/new");
  const [t, tList] = await Promise.all([getTranslations("accounts.new"), getTranslations("accounts.list")]);
  return (
    <div className="max-w-3xl">
      <PageHeader title={t("title")} description={t("description")} back={{ href: "/accounts", label: tList("title") }} />
      {can(caller.role, "accounts.manage") ? <AccountForm /> : <AdminOnly permission="accounts.manage" />}
    </div>
  );
}
