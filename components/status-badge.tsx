import type { AccountStatus } from "@/lib/accounts/schemas";

type Tone = "green" | "red" | "amber" | "grey" | "indigo";

const tones: Record<Tone, string> = {
  green: "bg-emerald-50 text-emerald-700 ring-emerald-600/20",
  red: "bg-red-50 text-red-700 ring-red-600/20",
  amber: "bg-amber-50 text-amber-800 ring-amber-600/30",
  grey: "bg-slate-100 text-slate-600 ring-slate-500/20",
  indigo: "bg-indigo-50 text-indigo-700 ring-indigo-600/20",
};
const dots: Record<Tone, string> = { green: "bg-emerald-500", red: "bg-red-500", amber: "bg-amber-500", grey: "bg-slate-400", indigo: "bg-indigo-500" };

export function Badge({ tone, children, title }: { tone: Tone; children: React.ReactNode; title?: string }) {
  return (
    <span title={title} className={`inline-flex items-center gap-1.5 rounded-full px-2 py-0.5 text-xs font-medium whitespace-nowrap ring-1 ring-inset ${tones[tone]}`}>
      <span className={`size-1.5 rounded-full ${dots[tone]}`} aria-hidden />
      {children}
    </span>
  );
}

/** `trouble`: a person has to act (the dashboard lists these mailboxes). */
export const ACCOUNT_STATUS: Record<AccountStatus, { tone: Tone; label: string; hint: string; trouble: boolean }> = {
  unchecked: { tone: "grey", label: "Not checked yet", hint: "Saved, but nothing has connected yet: test the connection or wait for the first fetch", trouble: false },
  ok: { tone: "green", label: "OK", hint: "Connected: the last test or fetch worked", trouble: false },
  auth_error: { tone: "red", label: "Login failed", hint: "The server refused the username or password", trouble: true },
  unreachable: { tone: "amber", label: "Unreachable", hint: "The mail server could not be reached", trouble: true },
  needs_reconnect: { tone: "red", label: "Reconnect needed", hint: "Access was revoked: connect the mailbox again", trouble: true },
  disabled: { tone: "grey", label: "Disabled", hint: "Paused: not fetched automatically", trouble: false },
};

export function AccountStatusBadge({ status }: { status: AccountStatus }) {
  const s = ACCOUNT_STATUS[status];
  return (
    <Badge tone={s.tone} title={s.hint}>
      {s.label}
    </Badge>
  );
}

export const DOCUMENT_STATUS: Record<string, { tone: Tone; label: string }> = {
  pending: { tone: "grey", label: "Pending" },
  processing: { tone: "indigo", label: "Processing" },
  completed: { tone: "green", label: "Completed" },
  error: { tone: "red", label: "Error" },
};

export function DocumentStatusBadge({ status }: { status: string }) {
  const s = DOCUMENT_STATUS[status] ?? { tone: "grey" as Tone, label: status };
  return <Badge tone={s.tone}>{s.label}</Badge>;
}

const RUN_STATUS: Record<string, { tone: Tone; label: string }> = {
  running: { tone: "indigo", label: "Running" },
  ok: { tone: "green", label: "OK" },
  error: { tone: "red", label: "Error" },
};

export function RunStatusBadge({ status }: { status: string }) {
  const s = RUN_STATUS[status] ?? { tone: "grey" as Tone, label: status };
  return <Badge tone={s.tone}>{s.label}</Badge>;
}
