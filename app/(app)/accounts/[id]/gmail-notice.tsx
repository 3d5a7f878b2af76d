import { getTranslations } from "next-intl/server";
import type { AccountStatus } from "@/lib/accounts/schemas";
import { env } from "@/lib/env";
import { GmailConnectButton } from "../gmail-connect-button";

/** A Gmail mailbox's page (`just`: the connect that led here): Reconnect when Google stopped accepting its grant, else what Mailroom reads from it. */
export async function GmailNotice({ status, manage, just }: { status: AccountStatus; manage: boolean; just?: string }) {
  const t = await getTranslations("accounts.gmail");
  if (status === "needs_reconnect") {
    return (
      <div role="alert" className="flex flex-wrap items-center gap-3 rounded-lg border border-amber-200 bg-amber-50 px-5 py-4 text-sm text-amber-900">
        <p className="flex-1">{t("reconnectHint")}</p>
        {manage && <GmailConnectButton label="reconnect" variant="primary" />}
      </div>
    );
  }
  const done = just === "connected" ? t("justConnected") : just === "reconnected" ? t("justReconnected") : null;
  return (
    <div role={done ? "status" : undefined} className="rounded-lg border border-slate-200 bg-white px-5 py-4 text-sm text-slate-600">
      {done && <p className="font-semibold text-emerald-700">{done}</p>}
      <p>{t("syncHint", { days: env().GMAIL_INITIAL_DAYS })}</p>
    </div>
  );
}
