"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";
import { api, errorMessage } from "./api-client";
import { Button } from "./button";

type TestResult = { ok: true; folders?: string[] } | { ok: false; kind: string; message: string };
type State<T> = { busy: boolean; result: T | null; error: string | null };

const KIND_LABEL: Record<string, string> = {
  login: "login",
  dns: "host name",
  refused: "connection",
  timeout: "timeout",
  tls: "TLS",
  folder: "folder",
  protocol: "IMAP",
};

// What a person can do about each kind of failure; the message itself says what happened.
const NEXT_STEP: Record<string, string> = {
  login: "Check the username and password. Gmail, Outlook and iCloud need an app password, not the one you sign in with.",
  dns: "Check the spelling of the IMAP server name.",
  refused: "Check the port and the security setting: TLS usually uses port 993, STARTTLS and none port 143.",
  timeout: "Check the server name and port; a firewall may be blocking the connection.",
  tls: "Try the other security setting with its port (TLS on 993, STARTTLS on 143), or ask your provider which one it uses.",
  folder: "Check the folder names: each must exist on the server, spelled as the server spells it.",
  protocol: "Check that the server and port are for IMAP, not POP3 or SMTP.",
};

/** `run(otherId)` tests an account saved a moment ago, before a re-render has passed its id in. */
export function useConnectionTest(id: string) {
  const tErrors = useTranslations("common.errors");
  const [state, setState] = useState<State<TestResult>>({ busy: false, result: null, error: null });
  async function run(accountId = id) {
    setState({ busy: true, result: null, error: null });
    try {
      setState({ busy: false, result: await api<TestResult>(`/api/accounts/${accountId}/test`, { method: "POST" }), error: null });
    } catch (err) {
      setState({ busy: false, result: null, error: errorMessage(err, tErrors) });
    }
  }
  return { ...state, run };
}

export function useFetchNow(id: string) {
  const tErrors = useTranslations("common.errors");
  const [state, setState] = useState<State<{ job_id: string | null; already_queued: boolean }>>({ busy: false, result: null, error: null });
  async function run() {
    setState({ busy: true, result: null, error: null });
    try {
      setState({ busy: false, result: await api(`/api/accounts/${id}/fetch`, { method: "POST" }), error: null });
    } catch (err) {
      setState({ busy: false, result: null, error: errorMessage(err, tErrors) });
    }
  }
  return { ...state, run };
}

export function TestResultMessage({ test }: { test: ReturnType<typeof useConnectionTest> }) {
  if (test.busy) return <p role="status" className="text-xs text-slate-500">Connecting to the server…</p>;
  if (test.error) return <p role="alert" className="text-xs text-red-700">{test.error}</p>;
  if (!test.result) return null;
  if (test.result.ok)
    return (
      <p role="status" className="text-xs text-emerald-700">
        ✓ Connection works{test.result.folders?.length ? `: ${test.result.folders.join(", ")} opened` : ""}.
      </p>
    );
  const step = NEXT_STEP[test.result.kind];
  return (
    <div role="alert" className="text-xs text-red-700">
      <p>
        <span className="me-1 rounded bg-red-100 px-1 py-px font-mono text-[10px] uppercase">{KIND_LABEL[test.result.kind] ?? test.result.kind}</span>
        {test.result.message}
      </p>
      {step && <p className="mt-1 text-slate-700">{step}</p>}
    </div>
  );
}

export function FetchResultMessage({ fetch }: { fetch: ReturnType<typeof useFetchNow> }) {
  if (fetch.error) return <p role="alert" className="text-xs text-red-700">{fetch.error}</p>;
  if (!fetch.result) return null;
  return (
    <p role="status" className="text-xs text-emerald-700">
      {fetch.result.already_queued ? "Already queued: a fetch is waiting to run." : "Queued: the worker will fetch shortly."}
    </p>
  );
}

export function TestConnectionButton({ test, variant = "ghost" }: { test: ReturnType<typeof useConnectionTest>; variant?: "ghost" | "secondary" }) {
  return (
    <Button variant={variant} size="sm" onClick={() => test.run()} disabled={test.busy}>
      {test.busy ? "Testing…" : "Test connection"}
    </Button>
  );
}

export function FetchNowButton({ fetch, variant = "ghost" }: { fetch: ReturnType<typeof useFetchNow>; variant?: "ghost" | "secondary" }) {
  return (
    <Button variant={variant} size="sm" onClick={fetch.run} disabled={fetch.busy}>
      {fetch.busy ? "Queuing…" : fetch.result ? "Queued" : "Fetch now"}
    </Button>
  );
}
