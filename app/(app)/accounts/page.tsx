import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { listAccounts } from "@/lib/accounts/service";
import type { AccountListItem } from "@/lib/accounts/schemas";
import { services } from "@/lib/web/services";
import { ButtonLink } from "@/components/button";
import { EmptyState } from "@/components/empty-state";
import { PageHeader } from "@/components/page-header";
import { AccountStatusBadge } from "@/components/status-badge";
import { CardCell, CardHead, CardRow, Table, Tbody, Th } from "@/components/table";
import { RelativeTime } from "@/components/time";
import { can } from "@/lib/auth/permissions";
import { titled } from "../page-helpers";
import { requireCaller } from "../caller";
import { AccountActions } from "./account-actions";
import { GmailConnectButton } from "./gmail-connect-button";
import { serverAddress } from "./server-address";
import { AccountError } from "./account-error";

export const dynamic = "force-dynamic";

export const generateMetadata = titled("accounts.list");

export default async function AccountsPage() {
  const caller = await requireCaller("/accounts");
  const [accounts, t] = await Promise.all([listAccounts(services().db, caller.companyId), getTranslations("accounts.list")]);
  const manage = can(caller.role, "accounts.manage");
  const add = manage ? (
    <div className="flex flex-wrap items-start justify-center gap-2">
      <GmailConnectButton />
      <ButtonLink href="/accounts/new">{t("add")}</ButtonLink>
    </div>
  ) : undefined;
  return (
    <>
      <PageHeader title={t("title")} description={t("description")} actions={accounts.length > 0 ? add : undefined} />
      {accounts.length === 0 ? (
        <EmptyState title={t("emptyTitle")} description={manage ? t("emptyAdmin") : t("emptyMember")} action={add} />
      ) : (
        <Table label={t("tableLabel")} cards>
          <CardHead>
            <Th>{t("mailbox")}</Th>
            <Th>{t("status")}</Th>
            <Th>{t("lastFetch")}</Th>
            <Th>{t("stored")}</Th>
            <Th>
              <span className="sr-only">{t("actions")}</span>
            </Th>
          </CardHead>
          <Tbody cards>
            {accounts.map((a) => (
              <AccountRow key={a.id} account={a} manage={manage} />
            ))}
          </Tbody>
        </Table>
      )}
    </>
  );
}

async function AccountRow({ account: a, manage }: { account: AccountListItem; manage: boolean }) {
  const [t, tSecurity, tCounts] = await Promise.all([getTranslations("accounts.list"), getTranslations("accounts.security"), getTranslations("common.counts")]);
  return (
    <CardRow className="sm:hover:bg-slate-50/60">
      <CardCell card="col-start-1 row-start-1" className="sm:max-w-[16rem]">
        <Link href={`/accounts/${a.id}`} className="block truncate font-medium text-slate-900 hover:text-indigo-600">
          <bdi>{a.email}</bdi>
        </Link>
        <p className="truncate text-xs text-slate-500">
          <bdi>{serverAddress(a, (s) => tSecurity(s))}</bdi>
          {!a.auto_fetch && ` · ${t("manualOnly")}`}
        </p>
      </CardCell>
      <CardCell card="col-start-2 row-start-1 justify-self-end" className="sm:max-w-[13rem]">
        <AccountStatusBadge status={a.status} />
        {a.last_error && (
          <AccountError code={a.last_error_code} detail={a.last_error} compact className="mt-1 line-clamp-2 text-xs text-red-700" />
        )}
      </CardCell>
      <CardCell card="col-start-1 row-start-2" className="text-xs whitespace-nowrap sm:text-sm">
        <RelativeTime value={a.last_fetch_at} />
      </CardCell>
      <CardCell card="col-start-2 row-start-2 justify-self-end text-end sm:text-start" className="whitespace-nowrap tabular-nums">
        <p>{tCounts("emails", { count: a.email_count })}</p>
        <Link href={`/documents?account_id=${a.id}`} className="text-xs text-slate-500 hover:text-indigo-600">
          {tCounts("documents", { count: a.document_count })}
        </Link>
      </CardCell>
      <CardCell card="col-span-2" className="sm:text-end">
        <AccountActions id={a.id} email={a.email} emails={a.email_count} documents={a.document_count} canManage={manage} />
      </CardCell>
    </CardRow>
  );
}
