import { getTranslations } from "next-intl/server";
import { accountJson, getAccount } from "@/lib/accounts/service";
import { services } from "@/lib/web/services";
import { AccountForm } from "@/components/account-form";
import { PageHeader } from "@/components/page-header";
import { can } from "@/lib/auth/permissions";
import { AdminOnly } from "@/components/admin-only";
import { isolate } from "@/components/bidi";
import { orNotFound, titled } from "../../../page-helpers";
import { requireCaller } from "../../../caller";

export const dynamic = "force-dynamic";

export const generateMetadata = titled("accounts.edit", "metaTitle");

export default async function EditAccountPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const caller = await requireCaller(`/accounts/${id}/edit`);
  const row = await orNotFound(getAccount(services().db, caller.companyId, id));
  const t = await getTranslations("accounts.edit");
  const account = accountJson(row);
  return (
    <div className="max-w-3xl">
      <PageHeader title={t("title", { email: isolate(account.email) })} back={{ href: `/accounts/${account.id}`, label: account.email }} />
      {!can(caller.role, "accounts.manage") ? (
        <AdminOnly permission="accounts.manage" />
      ) : account.provider === "gmail" ? (
        <p className="rounded-lg border border-slate-200 bg-white p-6 text-sm text-slate-600">{t("gmail")}</p>
      ) : (
        <AccountForm initial={account} />
      )}
    </div>
  );
}
