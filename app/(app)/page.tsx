import Link from "next/link";
import { companyStats } from "@/lib/stats";
import { checkHealth } from "@/lib/health";
import { listDocuments } from "@/lib/documents/queries";
import { listAccounts } from "@/lib/accounts/service";
import { services } from "@/lib/web/services";
import { ButtonLink } from "@/components/button";
import { Card, StatCard } from "@/components/card";
import { EmptyState } from "@/components/empty-state";
import { PageHeader } from "@/components/page-header";
import { ACCOUNT_STATUS, AccountStatusBadge, DOCUMENT_STATUS, DocumentStatusBadge } from "@/components/status-badge";
import { RelativeTime } from "@/components/time";
import { can } from "@/lib/auth/permissions";
import { requireCaller } from "./caller";

export const dynamic = "force-dynamic";

const STATUS_ORDER = ["pending", "processing", "completed", "error"] as const;
const SHARE_COLOR: Record<(typeof STATUS_ORDER)[number], string> = { pending: "bg-slate-400", processing: "bg-indigo-500", completed: "bg-emerald-500", error: "bg-red-500" };

export default async function DashboardPage() {
  const caller = await requireCaller("/");
  const { db } = services();
  const [stats, health, recent, accounts] = await Promise.all([
    companyStats(db, caller.companyId),
    checkHealth(db),
    listDocuments(db, caller.companyId, { limit: 6 }),
    listAccounts(db, caller.companyId),
  ]);
  const addMailbox = can(caller.role, "accounts.manage");
  const troubled = accounts.filter((a) => ACCOUNT_STATUS[a.status].trouble);

  return (
    <>
      <PageHeader
        title="Dashboard"
        description="Mail fetched, documents found, and whether the worker is keeping up."
        actions={stats.accounts > 0 && addMailbox ? <ButtonLink href="/accounts/new" variant="secondary">Add a mailbox</ButtonLink> : undefined}
      />

      <WorkerHealth health={health} />

      {stats.accounts === 0 ? (
        <EmptyState
          title="No mailboxes yet"
          description={`Connect the mailbox your invoices and receipts arrive in. Mailroom fetches new mail on a schedule and turns each attachment into a document.${addMailbox ? "" : " An admin of your company adds mailboxes."}`}
          action={addMailbox ? <ButtonLink href="/accounts/new">Add a mailbox</ButtonLink> : undefined}
        />
      ) : (
        <div className="space-y-6">
          <dl className="grid grid-cols-2 gap-4 lg:grid-cols-4">
            <StatCard label="Mailboxes" value={<Link href="/accounts" className="hover:text-indigo-600">{stats.accounts}</Link>} hint={troubled.length ? `${troubled.length} need attention` : "all fine"} />
            <StatCard label="Emails stored" value={stats.emails.toLocaleString("en")} />
            <StatCard
              label="Documents"
              value={<Link href="/documents" className="hover:text-indigo-600">{stats.documents.toLocaleString("en")}</Link>}
              hint={
                stats.documents_needing_review + stats.documents_awaiting_category > 0 ? (
                  <Link href={stats.documents_needing_review ? "/review" : "/review?tab=category"} className="text-amber-700 hover:underline">
                    {[stats.documents_needing_review && `${stats.documents_needing_review.toLocaleString("en")} to check`, stats.documents_awaiting_category && `${stats.documents_awaiting_category.toLocaleString("en")} to categorize`].filter(Boolean).join(" · ")}
                  </Link>
                ) : (
                  "nothing to review"
                )
              }
            />
            <StatCard label="Last fetch" value={<span className="text-lg"><RelativeTime value={stats.last_fetch_at} /></span>} />
          </dl>

          <div className="grid grid-cols-1 gap-6 lg:grid-cols-3">
            <Card title="Documents by status">
              <ul className="space-y-3">
                {STATUS_ORDER.map((s) => {
                  const n = stats.documents_by_status[s] ?? 0;
                  return (
                    <li key={s}>
                      <Link href={`/documents?status=${s}`} className="flex items-center justify-between gap-3 rounded-md text-sm hover:text-indigo-600">
                        <DocumentStatusBadge status={s} />
                        <span className="font-medium tabular-nums">{n.toLocaleString("en")}</span>
                      </Link>
                      <ShareBar share={stats.documents ? n / stats.documents : 0} className={SHARE_COLOR[s]} label={`${DOCUMENT_STATUS[s].label}: ${n} of ${stats.documents}`} />
                    </li>
                  );
                })}
              </ul>
              {stats.documents === 0 && <p className="mt-4 text-sm text-slate-500">No documents yet: fetch a mailbox to find some.</p>}
            </Card>

            <Card title="Latest documents" className="lg:col-span-2" padded={false} actions={<Link href="/documents" className="text-sm text-indigo-600 hover:underline">All documents</Link>}>
              {recent.items.length === 0 ? (
                <p className="p-5 text-sm text-slate-500">No documents yet: add a mailbox and fetch.</p>
              ) : (
                <ul className="divide-y divide-slate-100">
                  {recent.items.map((d) => (
                    <li key={d.id} className="flex items-center gap-4 px-5 py-3 text-sm">
                      <div className="min-w-0 flex-1">
                        <Link href={`/documents/${d.id}`} className="block truncate font-medium text-slate-900 hover:text-indigo-600 text-left" dir="auto">
                          {d.filename}
                        </Link>
                        <p className="truncate text-xs text-slate-500 text-left" dir="auto">
                          {d.email?.from ?? "unknown sender"} · <RelativeTime value={d.created_at} />
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
            <Card title="Mailboxes that need attention" padded={false}>
              <ul className="divide-y divide-slate-100">
                {troubled.map((a) => (
                  <li key={a.id} className="flex flex-wrap items-center gap-3 px-5 py-3 text-sm">
                    <AccountStatusBadge status={a.status} />
                    <Link href={`/accounts/${a.id}`} className="font-medium text-slate-900 hover:text-indigo-600">
                      {a.email}
                    </Link>
                    <span className="min-w-0 flex-1 truncate text-slate-500" title={a.last_error ?? undefined}>
                      {a.last_error}
                    </span>
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

function WorkerHealth({ health }: { health: Awaited<ReturnType<typeof checkHealth>> }) {
  if (health.status === "ok") {
    return (
      <p className="mb-6 flex items-center gap-2 text-sm text-slate-600">
        <span className="size-2 rounded-full bg-emerald-500" aria-hidden />
        <span>
          {health.workers.length === 1 ? "1 worker running" : `${health.workers.length} workers running`}; last heartbeat{" "}
          <RelativeTime value={new Date(Math.max(...health.workers.map((w) => new Date(w.last_seen).getTime())))} />.
        </span>
      </p>
    );
  }
  const noWorker = health.workers.length === 0;
  return (
    <div role="alert" className="mb-6 rounded-lg border border-amber-300 bg-amber-50 px-5 py-4 text-sm text-amber-900">
      <p className="font-semibold">{noWorker ? "No worker is running" : "Mailroom is degraded"}</p>
      <p className="mt-1">
        {noWorker
          ? "Mail is not being fetched and documents are not being processed. Start one with "
          : "Some parts are not working: "}
        {noWorker && <code className="rounded bg-amber-100 px-1 py-0.5 font-mono text-xs">npm run start:worker</code>}
        {noWorker && " (or npm start, which runs both)."}
      </p>
      <ul className="mt-2 list-disc pl-5 text-amber-800">
        {health.problems.map((p) => (
          <li key={p}>{p}</li>
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
