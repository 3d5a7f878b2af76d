import { useTranslations } from "next-intl";
import type { ReactNode } from "react";
import type { AccountStatus, FetchRunStatus } from "@/lib/accounts/schemas";

export type Tone = "green" | "red" | "amber" | "grey" | "indigo";

const tones: Record<Tone, string> = {
  green: "bg-emerald-50 text-emerald-700 ring-emerald-600/20",
  red: "bg-red-50 text-red-700 ring-red-600/20",
  amber: "bg-amber-50 text-amber-800 ring-amber-600/30",
  grey: "bg-slate-100 text-slate-600 ring-slate-500/20",
  indigo: "bg-indigo-50 text-indigo-700 ring-indigo-600/20",
};
const dots: Record<Tone, string> = { green: "bg-emerald-500", red: "bg-red-500", amber: "bg-amber-500", grey: "bg-slate-400", indigo: "bg-indigo-500" };

export function Badge({ tone, children, title }: { tone: Tone; children: ReactNode; title?: string }) {
  return (
    <span title={title} className={`inline-flex items-center gap-1.5 rounded-full px-2 py-0.5 text-xs font-medium whitespace-nowrap ring-1 ring-inset ${tones[tone]}`}>
      <span className={`size-1.5 rounded-full ${dots[tone]}`} aria-hidden />
      {children}
    </span>
  );
}

/** Each account status's tone; `trouble`: a person has to act (the dashboard lists these mailboxes). Words: common.status. */
export const ACCOUNT_STATUS: Record<AccountStatus, { tone: Tone; trouble: boolean }> = {
  unchecked: { tone: "grey", trouble: false },
  ok: { tone: "green", trouble: false },
  auth_error: { tone: "red", trouble: true },
  unreachable: { tone: "amber", trouble: true },
  needs_reconnect: { tone: "red", trouble: true },
  disabled: { tone: "grey", trouble: false },
};

export const DOCUMENT_STATUS = { pending: { tone: "grey" }, processing: { tone: "indigo" }, completed: { tone: "green" }, error: { tone: "red" } } as const satisfies Record<string, { tone: Tone }>;
export type DocumentStatus = keyof typeof DOCUMENT_STATUS;

// lease_lost: another worker took the fetch over while this one was stalled (lib/mail/fetch-lease.ts), not a failure.
const RUN_STATUS = { running: { tone: "indigo" }, ok: { tone: "green" }, error: { tone: "red" }, lease_lost: { tone: "grey" } } as const satisfies Record<FetchRunStatus, { tone: Tone }>;

export function AccountStatusBadge({ status }: { status: AccountStatus }) {
  const t = useTranslations("common.status");
  return (
    <Badge tone={ACCOUNT_STATUS[status].tone} title={t(`accountHint.${status}`)}>
      {t(`account.${status}`)}
    </Badge>
  );
}

export function DocumentStatusBadge({ status }: { status: string }) {
  return <KnownStatusBadge group="document" statuses={DOCUMENT_STATUS} status={status} />;
}

export function RunStatusBadge({ status }: { status: string }) {
  return <KnownStatusBadge group="run" statuses={RUN_STATUS} status={status} />;
}

/** A status named in the reader's language; one this version does not know shows as it is, in grey. */
function KnownStatusBadge({ group, statuses, status }: { group: "document" | "run"; statuses: Record<string, { tone: Tone }>; status: string }) {
  const t = useTranslations("common.status");
  const known = Object.hasOwn(statuses, status);
  return <Badge tone={known ? statuses[status].tone : "grey"}>{known ? t(`${group}.${status}` as never) : status}</Badge>;
}
