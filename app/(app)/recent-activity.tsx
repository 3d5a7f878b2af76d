import Link from "next/link";
import { getTranslations } from "next-intl/server";
import type { Activity } from "@/lib/stats/schemas";
import { Card } from "@/components/card";
import { DocumentStatusBadge, RunStatusBadge } from "@/components/status-badge";
import { RelativeTime } from "@/components/time";

/** The latest documents, emails and fetches, newest first, each with what it is and when. */
export async function RecentActivity({ events }: { events: Activity[] }) {
  const t = await getTranslations("dashboard.activity");
  const tMail = await getTranslations("common.mail");
  const tDash = await getTranslations("dashboard");
  return (
    <Card title={t("title")} padded={false} actions={<Link href="/documents" className="text-sm text-indigo-600 hover:underline">{tDash("allDocuments")}</Link>}>
      {events.length === 0 ? (
        <p className="p-5 text-sm text-slate-500">{t("empty")}</p>
      ) : (
        <ul className="divide-y divide-slate-100">
          {events.map((e) => (
            <li key={`${e.kind}-${e.id}`} className="flex items-center gap-3 px-5 py-3 text-sm">
              <span className="w-16 shrink-0 text-xs font-medium text-slate-400">{t(e.kind === "fetch_run" ? "fetchRun" : e.kind)}</span>
              <div className="min-w-0 flex-1">
                {e.kind === "document" && (
                  <Link href={`/documents/${e.id}`} className="block truncate text-start font-medium text-slate-900 hover:text-indigo-600">
                    <bdi>{e.filename}</bdi>
                  </Link>
                )}
                {e.kind === "email" && (
                  <p className="truncate text-start font-medium text-slate-900">
                    <bdi>{e.subject || t("noSubject")}</bdi>
                  </p>
                )}
                {e.kind === "fetch_run" && (
                  <Link href={`/accounts/${e.account_id}`} className="block truncate text-start font-medium text-slate-900 hover:text-indigo-600">
                    <bdi>{e.account_email}</bdi>
                  </Link>
                )}
                <p className="truncate text-start text-xs text-slate-500">
                  {e.kind === "email" && (
                    <>
                      <bdi>{e.from ?? tMail("unknownSender")}</bdi> · {t("attachments", { count: e.attachments })} ·{" "}
                    </>
                  )}
                  {e.kind === "fetch_run" && <>{t("fetched", { messages: e.messages, documents: e.documents })} · </>}
                  <RelativeTime value={e.at} />
                </p>
              </div>
              {e.kind === "document" && <DocumentStatusBadge status={e.status} />}
              {e.kind === "fetch_run" && <RunStatusBadge status={e.status} />}
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
