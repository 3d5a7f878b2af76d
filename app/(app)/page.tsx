import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { companyStats } from "@/lib/stats";
import { dashboardSeries } from "@/lib/stats/series";
import { checkHealth, type Health } from "@/lib/health";
import { services } from "@/lib/web/services";
import { ButtonLink } from "@/components/button";
import { StatCard } from "@/components/card";
import { EmptyState } from "@/components/empty-state";
import { formatters } from "@/components/format";
import { PageHeader } from "@/components/page-header";
import { RelativeTime } from "@/components/time";
import { AmountsChart } from "@/components/charts/amounts-chart";
import { CategoryChart } from "@/components/charts/category-chart";
import { DocumentsPerDayChart } from "@/components/charts/documents-per-day-chart";
import { can } from "@/lib/auth/permissions";
import { titled } from "./page-helpers";
import { requireCaller } from "./caller";
import { AttentionCard } from "./attention-card";
import { RecentActivity } from "./recent-activity";

export const dynamic = "force-dynamic";

export const generateMetadata = titled("dashboard");

export default async function DashboardPage() {
  const caller = await requireCaller("/");
  const { db } = services();
  const [stats, series, health, t, format] = await Promise.all([
    companyStats(db, caller.companyId),
    dashboardSeries(db, caller.companyId),
    checkHealth(db),
    getTranslations("dashboard"),
    getLocale().then(formatters),
  ]);
  const addMailbox = can(caller.role, "accounts.manage");
  const troubled = series.accounts_needing_attention;
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

          {stats.documents === 0 ? (
            <EmptyState
              title={t("firstDocuments.title")}
              description={addMailbox ? t("firstDocuments.admin") : t("firstDocuments.member")}
              action={<ButtonLink href="/accounts" variant="secondary">{t("firstDocuments.action")}</ButtonLink>}
            />
          ) : (
            <div className="grid grid-cols-1 gap-6 lg:grid-cols-3">
              <DocumentsPerDayChart days={series.documents_per_day} className="lg:col-span-2" />
              <CategoryChart categories={series.documents_by_category} />
              <AmountsChart amounts={series.amounts_per_month} className="lg:col-span-3" />
            </div>
          )}

          <div className="grid grid-cols-1 gap-6 lg:grid-cols-2">
            <RecentActivity events={series.recent_activity} />
            <AttentionCard accounts={troubled} />
          </div>
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
