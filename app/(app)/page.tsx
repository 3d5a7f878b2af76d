import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { companyStats } from "@/lib/stats";
import { checkHealth, type Health } from "@/lib/health";
import { listDocuments } from "@/lib/documents/queries";
import { listAccounts } from "@/lib/accounts/service";
import { services } from "@/lib/web/services";
import { ButtonLink } from "@/components/button";
import { Card, StatCard } from "@/components/card";
import { EmptyState } from "@/components/empty-state";
import { formatters } from "@/components/format";
import { PageHeader } from "@/components/page-header";
import { ACCOUNT_STATUS, AccountStatusBadge, DocumentStatusBadge } from "@/components/status-badge";
import { RelativeTime } from "@/components/time";
import { can } from "@/lib/auth/permissions";
import { titled } from "./page-helpers";
import { requireCaller } from "./caller";
import { AccountError } from "./accounts/account-error";

export const dynamic = "force-dynamic";

const STATUS_ORDER = ["pending", "processing", "completed", "error"] as const;
const SHARE_COLOR: Record<(typeof STATUS_ORDER)[number], string> = { pending: "bg-slate-400", processing: "bg-indigo-500", completed: "bg-emerald-500", error: "bg-red-500" };

export const generateMetadata = titled("dashboard");

export default async function DashboardPage() {
  const caller = await requireCaller("/");
  const { db } = services();
  const [stats, health, recent, accounts, t, tStatus, tMail, format] = await Promise.all([
    companyStats(db, caller.companyId),
    checkHealth(db),
    listDocuments(db, caller.companyId, { limit: 6 }),
    listAccounts(db, caller.companyId),
    getTranslations("dashboard"),
    getTranslations("common.status"),
    getTranslations("common.mail"),
    getLocale().then(formatters),
  ]);
  const addMailbox = can(caller.role, "accounts.manage");
  const troubled = accounts.filter((a) => ACCOUNT_STATUS[a.status].trouble);
  const toReview = [
    stats.documents_needing_review > 0 && t("toCheck", { count: stats.documents_needing_review }),
    stats.documents_awaiting_category > 0 && t("toCategorize", { count: stats.documents_awaiting_category }),
    stats.emails_awaiting_review > 0 && t("emailsToReview", { count: stats.emails_awaiting_review }),
  ].filter(Boolean);

  return (
    <>
      <PageHeader
        title={t("title")}
        description={t("description")}
        actions={stats.accounts > 0 && addMailbox ? <ButtonLink href="/accounts/new" variant="secondary">{t("addMailbox")}</ButtonLink> : undefined}
      />

      <WorkerHealth health={health} />

      {stats.accounts === 0 ? (
        <EmptyState
          title={t("emptyTitle")}
          description={addMailbox ? t("emptyAdmin") : t("emptyMember")}
          action={addMailbox ? <ButtonLink href="/accounts/new">{t("addMailbox")}</ButtonLink> : undefined}
        />
      ) : (
        <div className="space-y-6">
          <dl className="grid grid-cols-2 gap-4 lg:grid-cols-4">
            <StatCard
              label={t("mailboxes")}
              value={<Link href="/accounts" className="hover:text-indigo-600">{format.number(stats.accounts)}</Link>}
              hint={troubled.length ? t("needAttention", { count: troubled.length }) : t("allFine")}
            />
            <StatCard label={t("emailsStored")} value={format.number(stats.emails)} />
            <StatCard
              label={t("documents")}
              value={<Link href="/documents" className="hover:text-indigo-600">{format.number(stats.documents)}</Link>}
              hint={
                toReview.length > 0 ? (
                  <Link href={stats.documents_needing_review ? "/review" : "/review?tab=category"} className="text-amber-700 hover:underline">
                    {toReview.join(" · ")}
                  </Link>
                ) : (
                  t("nothingToReview")
                )
              }
            />
            <StatCard label={t("lastFetch")} value={<span className="text-lg"><RelativeTime value={stats.last_fetch_at} /></span>} />
          </dl>

          <div className="grid grid-cols-1 gap-6 lg:grid-cols-3">
            <Card title={t("byStatus")}>
              <ul className="space-y-3">
                {STATUS_ORDER.map((s) => {
                  const n = stats.documents_by_status[s] ?? 0;
                  return (
                    <li key={s}>
                      <Link href={`/documents?status=${s}`} className="flex items-center justify-between gap-3 rounded-md text-sm hover:text-indigo-600">
                        <DocumentStatusBadge status={s} />
                        <span className="font-medium tabular-nums">{format.number(n)}</span>
                      </Link>
                      <ShareBar share={stats.documents ? n / stats.documents : 0} className={SHARE_COLOR[s]} label={t("share", { status: tStatus(`document.${s}`), count: n, total: stats.documents })} />
                    </li>
                  );
                })}
              </ul>
              {stats.documents === 0 && <p className="mt-4 text-sm text-slate-500">{t("noDocumentsFetch")}</p>}
            </Card>

            <Card title={t("latest")} className="lg:col-span-2" padded={false} actions={<Link href="/documents" className="text-sm text-indigo-600 hover:underline">{t("allDocuments")}</Link>}>
              {recent.items.length === 0 ? (
                <p className="p-5 text-sm text-slate-500">{t("noDocumentsAdd")}</p>
              ) : (
                <ul className="divide-y divide-slate-100">
                  {recent.items.map((d) => (
                    <li key={d.id} className="flex items-center gap-4 px-5 py-3 text-sm">
                      <div className="min-w-0 flex-1">
                        <Link href={`/documents/${d.id}`} className="block truncate text-start font-medium text-slate-900 hover:text-indigo-600">
                          <bdi>{d.filename}</bdi>
                        </Link>
                        <p className="truncate text-start text-xs text-slate-500">
                          <bdi>{d.email?.from ?? tMail("unknownSender")}</bdi> · <RelativeTime value={d.created_at} />
                        </p>
                      </div>
                      <DocumentStatusBadge status={d.status} />
                    </li>
                  ))}
                </ul>
              )}
            </Card>
          </div>

          {troubled.length > 0 && (
            <Card title={t("troubled")} padded={false}>
              <ul className="divide-y divide-slate-100">
                {troubled.map((a) => (
                  <li key={a.id} className="flex flex-wrap items-center gap-3 px-5 py-3 text-sm">
                    <AccountStatusBadge status={a.status} />
                    <Link href={`/accounts/${a.id}`} className="font-medium text-slate-900 hover:text-indigo-600">
                      <bdi>{a.email}</bdi>
                    </Link>
                    {a.last_error && <AccountError code={a.last_error_code} detail={a.last_error} compact className="min-w-0 flex-1 truncate text-start text-slate-500" />}
                  </li>
                ))}
              </ul>
            </Card>
          )}
        </div>
      )}
    </>
  );
}

async function WorkerHealth({ health }: { health: Health }) {
  const t = await getTranslations("dashboard.health");
  if (health.status === "ok") {
    const lastSeen = new Date(Math.max(...health.workers.map((w) => new Date(w.last_seen).getTime())));
    return (
      <p className="mb-6 flex items-center gap-2 text-sm text-slate-600">
        <span className="size-2 rounded-full bg-emerald-500" aria-hidden />
        <span>{t.rich("running", { count: health.workers.length, when: () => <RelativeTime value={lastSeen} /> })}</span>
      </p>
    );
  }
  const noWorker = health.workers.length === 0;
  // Worded here from the checks themselves: the health API's own problem sentences are the operator's English.
  const problems = [health.db === "error" && t("dbDown"), health.db === "ok" && health.queue === "error" && t("queueMissing"), health.db === "ok" && noWorker && t("noWorker")].filter(Boolean);
  const code = (chunks: React.ReactNode) => <code className="rounded bg-amber-100 px-1 py-0.5 font-mono text-xs">{chunks}</code>;
  return (
    <div role="alert" className="mb-6 rounded-lg border border-amber-300 bg-amber-50 px-5 py-4 text-sm text-amber-900">
      <p className="font-semibold">{noWorker ? t("noWorkerTitle") : t("degradedTitle")}</p>
      <p className="mt-1">{noWorker ? t.rich("noWorkerHelp", { code }) : t("degradedHelp")}</p>
      <ul className="mt-2 list-disc ps-5 text-amber-800">
        {problems.map((p) => (
          <li key={String(p)}>{p}</li>
        ))}
      </ul>
    </div>
  );
}

function ShareBar({ share, className, label }: { share: number; className: string; label: string }) {
  return (
    <div className="mt-1.5 h-1.5 w-full overflow-hidden rounded-full bg-slate-100" role="img" aria-label={label}>
      <div className={`h-full rounded-full ${className}`} style={{ width: `${Math.round(share * 100)}%` }} />
    </div>
  );
}
