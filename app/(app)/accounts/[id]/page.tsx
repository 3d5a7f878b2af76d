import Link from "next/link";
import { notFound } from "next/navigation";
import { accountJson, accountStats, getAccount } from "@/lib/accounts/service";
import { AppError } from "@/lib/errors";
import { services } from "@/lib/web/services";
import { ButtonLink } from "@/components/button";
import { Card, DetailList, StatCard } from "@/components/card";
import { formatDuration } from "@/components/format";
import { PageHeader } from "@/components/page-header";
import { ACCOUNT_STATUS, AccountStatusBadge, DOCUMENT_STATUS, RunStatusBadge } from "@/components/status-badge";
import { Table, Tbody, Td, Th } from "@/components/table";
import { DateTime, RelativeTime } from "@/components/time";
import { can } from "@/lib/auth/permissions";
import { requireCaller } from "../../caller";
import { AccountDetailActions } from "./account-detail-actions";

export const dynamic = "force-dynamic";
export const metadata = { title: "Mailbox · Mailroom" };

const POST_ACTION_LABEL: Record<string, string> = { none: "Leave as is", mark_read: "Mark as read", flag: "Flag", move: "Move to" };

export default async function AccountPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const caller = await requireCaller(`/accounts/${id}`);
  const { db } = services();
  const [row, stats] = await Promise.all([getAccount(db, caller.companyId, id), accountStats(db, caller.companyId, id)]).catch((err) => {
    if (err instanceof AppError && err.status === 404) notFound();
    throw err;
  });
  const a = accountJson(row);
  const manage = can(caller.role, "accounts.manage");
  const f = a.filters;
  const filterText = [
    f.from?.length && `senders ${f.from.join(", ")}`,
    f.subject?.length && `subjects ${f.subject.join(", ")}`,
    f.filename_include?.length && `files ${f.filename_include.join(", ")}`,
    f.filename_exclude?.length && `not ${f.filename_exclude.join(", ")}`,
    f.max_age_days && `newer than ${f.max_age_days} days`,
  ].filter(Boolean);

  return (
    <>
      <PageHeader
        title={a.email}
        description={a.provider === "gmail" ? "Gmail" : `${a.host}:${a.port} · ${a.security.toUpperCase()}`}
        back={{ href: "/accounts", label: "Accounts" }}
        actions={manage ? <ButtonLink href={`/accounts/${a.id}/edit`} variant="secondary">Edit</ButtonLink> : undefined}
      />

      <div className="space-y-6">
        <AccountDetailActions id={a.id} email={a.email} emails={stats.emails} documents={stats.document_count} canManage={manage} />

        {a.last_error && (
          <div role="alert" className="rounded-lg border border-red-200 bg-red-50 px-5 py-4 text-sm text-red-800">
            <p className="font-semibold">{ACCOUNT_STATUS[a.status]?.hint ?? "The last fetch failed"}</p>
            <p className="mt-1">{a.last_error}</p>
            {a.retry_after && new Date(a.retry_after) > new Date() && (
              <p className="mt-1 text-red-700">
                Next automatic try <RelativeTime value={a.retry_after} />.
              </p>
            )}
          </div>
        )}

        <dl className="grid grid-cols-2 gap-4 lg:grid-cols-4">
          <StatCard label="Status" value={<AccountStatusBadge status={a.status} />} hint={ACCOUNT_STATUS[a.status]?.hint} />
          <StatCard label="Emails stored" value={stats.emails.toLocaleString("en")} />
          <StatCard
            label="Documents"
            value={<Link href={`/documents?account_id=${a.id}`} className="hover:text-indigo-600">{stats.document_count.toLocaleString("en")}</Link>}
            hint={Object.entries(stats.documents).map(([s, n]) => `${n} ${DOCUMENT_STATUS[s]?.label.toLowerCase() ?? s}`).join(" · ") || undefined}
          />
          <StatCard label="Last fetch" value={<span className="text-lg"><RelativeTime value={stats.last_fetch_at} /></span>} />
        </dl>

        <div className="grid grid-cols-1 gap-6 lg:grid-cols-3">
          <Card title="Settings" className="lg:col-span-1">
            <DetailList
              items={[
                { label: "Username", value: a.username ?? a.email },
                { label: "Folders", value: a.folders.join(", ") },
                { label: "Schedule", value: a.auto_fetch ? `every ${Math.round(a.fetch_interval / 60)} min` : "manual only" },
                { label: "After storing", value: `${POST_ACTION_LABEL[a.post_action] ?? a.post_action}${a.post_action === "move" ? ` ${a.post_action_folder}` : ""}` },
                { label: "Filters", value: filterText.length ? filterText.join("; ") : "none: every attachment" },
                { label: "Added", value: <DateTime value={a.created_at} /> },
              ]}
            />
          </Card>

          <div className="lg:col-span-2">
            <h2 className="mb-2 text-sm font-semibold text-slate-900">Fetch history</h2>
            {stats.fetch_history.length === 0 ? (
              <p className="rounded-lg border border-dashed border-slate-300 bg-white px-5 py-8 text-center text-sm text-slate-500">No fetches yet. Press Fetch now, or wait for the schedule.</p>
            ) : (
              <Table label="Fetch history">
                <thead>
                  <tr>
                    <Th>Started</Th>
                    <Th>Status</Th>
                    <Th className="text-right">Messages</Th>
                    <Th className="text-right">Documents</Th>
                    <Th>Took</Th>
                    <Th>Error</Th>
                  </tr>
                </thead>
                <Tbody>
                  {stats.fetch_history.map((r) => (
                    <tr key={r.id}>
                      <Td className="whitespace-nowrap">
                        <DateTime value={r.started_at} />
                      </Td>
                      <Td>
                        <RunStatusBadge status={r.status} />
                      </Td>
                      <Td className="text-right tabular-nums">{r.messages}</Td>
                      <Td className="text-right tabular-nums">{r.documents}</Td>
                      <Td className="whitespace-nowrap">{formatDuration(r.started_at, r.finished_at)}</Td>
                      <Td className="max-w-xs text-xs text-red-700">
                        <span className="line-clamp-2" title={r.error ?? undefined}>
                          {r.error}
                        </span>
                      </Td>
                    </tr>
                  ))}
                </Tbody>
              </Table>
            )}
            {stats.skipped_messages.length > 0 && (
              <div className="mt-6">
                <h2 className="mb-2 text-sm font-semibold text-slate-900">Left on the server</h2>
                <Table label="Messages left on the server">
                  <thead>
                    <tr>
                      <Th>Message</Th>
                      <Th>Why</Th>
                    </tr>
                  </thead>
                  <Tbody>
                    {stats.skipped_messages.map((m) => (
                      <tr key={`${m.folder}-${m.uid}`}>
                        <Td className="max-w-xs">
                          <span className="line-clamp-1">{m.subject || "(no subject)"}</span>
                          <span className="block text-xs text-slate-500">
                            {m.from ?? "unknown sender"} · {m.folder}
                          </span>
                        </Td>
                        <Td className="text-xs text-slate-600">{m.reason}</Td>
                      </tr>
                    ))}
                  </Tbody>
                </Table>
              </div>
            )}
          </div>
        </div>
      </div>
    </>
  );
}
