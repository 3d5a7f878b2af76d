import { getLocale, getTranslations } from "next-intl/server";
import { companyChoices } from "@/lib/company/schemas";
import { can } from "@/lib/auth/permissions";
import { listApiTokens } from "@/lib/auth/tokens";
import { listUsers, userJson } from "@/lib/auth/users";
import { services } from "@/lib/web/services";
import { getCompany } from "@/lib/company/service";
import { PageHeader } from "@/components/page-header";
import { ButtonLink } from "@/components/button";
import { requireCaller } from "../caller";
import { CompanyPanel } from "./company-panel";
import { LanguagePanel } from "./language-panel";
import { PasswordPanel } from "./password-panel";
import { TokensPanel } from "./tokens-panel";
import { UsersPanel } from "./users-panel";
import { SmtpPanel } from "./smtp-panel";
import { AutoReplyPanel } from "./auto-reply-panel";
import { getAutoReplySettings } from "@/lib/triage/auto-reply-settings";
import { getSmtpSettings, recentSentEmails } from "@/lib/outbox/settings";

export const dynamic = "force-dynamic";

export async function generateMetadata() {
  const t = await getTranslations("settings");
  return { title: t("title") };
}

export default async function SettingsPage() {
  const caller = await requireCaller("/settings");
  const t = await getTranslations("settings");
  const { db } = services();
  const admin = can(caller.role, "company.manage");
  const [tokens, users, company, smtp] = await Promise.all([listApiTokens(db, caller), listUsers(db, caller.companyId), getCompany(db, caller.companyId), admin ? getSmtpSettings(db, caller.companyId) : null]);
  const sent = admin ? await recentSentEmails(db, caller.companyId) : [];
  const autoReply = admin ? await getAutoReplySettings(db, caller.companyId) : null;
  return (
    <>
      <PageHeader
        title={t("title")}
        description={t("description")}
        actions={
          <>
            <ButtonLink href="/settings/categories" variant="secondary">
              {t("categoriesLink")}
            </ButtonLink>
            <ButtonLink href="/settings/triage" variant="secondary">
              {t("triageLink")}
            </ButtonLink>
          </>
        }
      />
      <div className="space-y-10">
        <LanguagePanel locale={caller.locale ?? null} />
        <PasswordPanel email={caller.email} />
        <CompanyPanel company={company} canManage={can(caller.role, "company.manage")} choices={companyChoices(await getLocale())} />
        <TokensPanel tokens={tokens} seesAll={can(caller.role, "tokens.manage_all")} />
        <UsersPanel users={users.map(userJson)} currentUserId={caller.userId} canManage={can(caller.role, "people.manage")} />
        {smtp && <SmtpPanel settings={smtp} sent={sent} />}
        {autoReply && <AutoReplyPanel settings={autoReply} />}
      </div>
    </>
  );
}
