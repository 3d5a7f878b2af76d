import Link from "next/link";
import { getTranslations } from "next-intl/server";
import type { AccountAttention } from "@/lib/stats/schemas";
import { Card } from "@/components/card";
import { AccountStatusBadge } from "@/components/status-badge";
import { RelativeTime } from "@/components/time";
import { AccountError } from "./accounts/account-error";

/** The mailboxes someone should look at, each linked to its page, with why in the reader's language. */
export async function AttentionCard({ accounts }: { accounts: AccountAttention[] }) {
  const t = await getTranslations("dashboard.attention");
  const tStatus = await getTranslations("common.status");
  return (
    <Card title={t("title")} padded={false}>
      {accounts.length === 0 ? (
        <p className="p-5 text-sm text-slate-500">{t("none")}</p>
      ) : (
        <ul className="divide-y divide-slate-100">
          {accounts.map((a) => (
            <li key={a.id} className="px-5 py-3 text-sm">
              <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
                <Link href={`/accounts/${a.id}`} className="min-w-0 truncate font-medium text-slate-900 hover:text-indigo-600">
                  <bdi>{a.email}</bdi>
                </Link>
                {a.reason === "error" || a.reason === "disabled" ? <AccountStatusBadge status={a.status} /> : <span className="text-xs font-medium text-amber-700">{t(`reason.${a.reason}`)}</span>}
              </div>
              <div className="mt-1 text-start text-xs text-slate-500">
                {a.reason === "error" &&
                  (a.last_error ? <AccountError code={a.last_error_code} detail={a.last_error} className="break-words" /> : <p>{tStatus(`accountHint.${a.status}`)}</p>)}
                {a.reason === "disabled" && <p>{t("disabledHelp")}</p>}
                {a.reason === "paused" && <p>{t("pausedHelp")}</p>}
                {a.reason === "stale" && <p>{a.last_fetch_at ? t.rich("staleSince", { when: () => <RelativeTime value={a.last_fetch_at} /> }) : t("staleNever")}</p>}
              </div>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
