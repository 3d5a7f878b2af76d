"use client";

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

export function useConnectionTest(id: string) {
  const [state, setState] = useState<State<TestResult>>({ busy: false, result: null, error: null });
  async function run() {
    setState({ busy: true, result: null, error: null });
    try {
      setState({ busy: false, result: await api<TestResult>(`/api/accounts/${id}/test`, { method: "POST" }), error: null });
    } catch (err) {
      setState({ busy: false, result: null, error: errorMessage(err) });
    }
  }
  return { ...state, run };
}

export function useFetchNow(id: string) {
  const [state, setState] = useState<State<{ job_id: string | null; already_queued: boolean }>>({ busy: false, result: null, error: null });
  async function run() {
    setState({ busy: true, result: null, error: null });
    try {
      setState({ busy: false, result: await api(`/api/accounts/${id}/fetch`, { method: "POST" }), error: null });
    } catch (err) {
      setState({ busy: false, result: null, error: errorMessage(err) });
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
  return (
    <p role="alert" className="text-xs text-red-700">
      <span className="mr-1 rounded bg-red-100 px-1 py-px font-mono text-[10px] uppercase">{KIND_LABEL[test.result.kind] ?? test.result.kind}</span>
      {test.result.message}
    </p>
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
    <Button variant={variant} size="sm" onClick={test.run} disabled={test.busy}>
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
