import Link from "next/link";
import { Fragment } from "react";
import { getLocale, getTranslations } from "next-intl/server";
import { accountJson, accountStats, getAccount } from "@/lib/accounts/service";
import type { Account, AccountStats } from "@/lib/accounts/schemas";
import { services } from "@/lib/web/services";
import { ButtonLink } from "@/components/button";
import { Card, DetailList, StatCard } from "@/components/card";
import { formatters } from "@/components/format";
import { PageHeader } from "@/components/page-header";
import { AccountStatusBadge, DOCUMENT_STATUS } from "@/components/status-badge";
import { DateTime, RelativeTime } from "@/components/time";
import { can } from "@/lib/auth/permissions";
import { orNotFound, titled } from "../../page-helpers";
import { requireCaller } from "../../caller";
import { AccountActions } from "../account-actions";
import { serverAddress } from "../server-address";
import { FetchHistory, SkippedMessages } from "./fetch-history";
import { GmailNotice } from "./gmail-notice";
import { AccountError } from "../account-error";

export const dynamic = "force-dynamic";

export const generateMetadata = titled("accounts.detail");

export default async function AccountPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<{ gmail?: string }> }) {
  const [{ id }, { gmail: just }] = await Promise.all([params, searchParams]);
  const caller = await requireCaller(`/accounts/${id}`);
  const { db } = services();
  const [row, stats] = await orNotFound(Promise.all([getAccount(db, caller.companyId, id), accountStats(db, caller.companyId, id)]));
  const [t, tSecurity, tStatus, tActions, format] = await Promise.all([
    getTranslations("accounts.detail"),
    getTranslations("accounts.security"),
    getTranslations("common.status"),
    getTranslations("common.actions"),
    getLocale().then(formatters),
  ]);
  const a = accountJson(row);
  const manage = can(caller.role, "accounts.manage");
  const documentsByStatus = Object.entries(stats.documents)
    .map(([s, n]) => (Object.hasOwn(DOCUMENT_STATUS, s) ? t("documentsInStatus", { count: n, status: tStatus(`document.${s as keyof typeof DOCUMENT_STATUS}`) }) : `${format.number(n)} ${s}`))
    .join(" · ");

  return (
    <>
      <PageHeader
        title={a.email}
        description={<bdi>{serverAddress(a, (s) => tSecurity(s))}</bdi>}
        back={{ href: "/accounts", label: t("back") }}
        actions={manage && a.provider === "imap" ? <ButtonLink href={`/accounts/${a.id}/edit`} variant="secondary">{tActions("edit")}</ButtonLink> : undefined}
      />

      <div className="space-y-6">
        {a.provider === "gmail" && <GmailNotice status={a.status} manage={manage} just={just} />}
        <AccountActions layout="panel" id={a.id} email={a.email} emails={stats.emails} documents={stats.document_count} canManage={manage} />

        {a.last_error && (
          <div role="alert" className="rounded-lg border border-red-200 bg-red-50 px-5 py-4 text-sm text-red-800">
            <p className="font-semibold">{a.status === "unchecked" || a.status === "ok" ? t("lastFetchFailed") : tStatus(`accountHint.${a.status}`)}</p>
            {/* What failed in the reader's language, then the worker's own record in English, marked so. */}
            <AccountError code={a.last_error_code} detail={a.last_error} className="mt-1" />
            {a.retry_after && new Date(a.retry_after) > new Date() && (
              <p className="mt-1 text-red-700">{t.rich("nextTry", { when: () => <RelativeTime value={a.retry_after} /> })}</p>
            )}
          </div>
        )}

        <dl className="grid grid-cols-2 gap-4 lg:grid-cols-4">
          <StatCard label={t("status")} value={<AccountStatusBadge status={a.status} />} hint={tStatus(`accountHint.${a.status}`)} />
          <StatCard label={t("emailsStored")} value={format.number(stats.emails)} />
          <StatCard
            label={t("documents")}
            value={<Link href={`/documents?account_id=${a.id}`} className="hover:text-indigo-600">{format.number(stats.document_count)}</Link>}
            hint={documentsByStatus || undefined}
          />
          <StatCard label={t("lastFetch")} value={<span className="text-lg"><RelativeTime value={stats.last_fetch_at} /></span>} />
        </dl>

        <div className="grid grid-cols-1 gap-6 lg:grid-cols-3">
          <Card title={t("settings")} className="lg:col-span-1">
            <Settings account={a} />
          </Card>
          <div className="space-y-6 lg:col-span-2">
            <FetchHistory runs={stats.fetch_history} />
            <SkippedMessages messages={stats.skipped_messages} />
          </div>
        </div>
      </div>
    </>
  );
}

async function Settings({ account: a }: { account: Account }) {
  const [t, tPost] = await Promise.all([getTranslations("accounts.detail"), getTranslations("accounts.detail.postActions")]);
  const f = a.filters;
  // Patterns are people's data: each list is isolated inside the reader's sentence.
  const list = (items: string[]) => () => <bdi>{items.join(", ")}</bdi>;
  const filters = [
    f.from?.length ? t.rich("filterFrom", { list: list(f.from) }) : null,
    f.subject?.length ? t.rich("filterSubject", { list: list(f.subject) }) : null,
    f.filename_include?.length ? t.rich("filterInclude", { list: list(f.filename_include) }) : null,
    f.filename_exclude?.length ? t.rich("filterExclude", { list: list(f.filename_exclude) }) : null,
    f.max_age_days ? t("filterMaxAge", { days: f.max_age_days }) : null,
  ].filter((x) => x !== null);
  return (
    <DetailList
      items={[
        { label: t("username"), value: <bdi>{a.username ?? a.email}</bdi> },
        { label: t("folders"), value: <bdi>{a.folders.join(", ")}</bdi> },
        { label: t("schedule"), value: a.auto_fetch ? t("every", { minutes: Math.round(a.fetch_interval / 60) }) : t("manualOnly") },
        { label: t("autoAcknowledge"), value: a.auto_acknowledge ? t("autoAcknowledgeOn") : t("autoAcknowledgeOff") },
        { label: t("afterStoring"), value: <>{tPost(a.post_action)}{a.post_action === "move" && <> <bdi>{a.post_action_folder}</bdi></>}</> },
        { label: t("filters"), value: filters.length ? filters.map((x, i) => <Fragment key={i}>{i > 0 && "; "}{x}</Fragment>) : t("noFilters") },
        { label: t("added"), value: <DateTime value={a.created_at} /> },
      ]}
    />
  );
}
