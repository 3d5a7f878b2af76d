"use client";

import { useLocale, useTranslations } from "next-intl";
import { useState } from "react";
import { connectionTestSchema, fetchNowSchema, type ConnectionFailureKind } from "@/lib/accounts/schemas";
import { errorMessage } from "./api-client";
import { apiAs } from "./api-contract";
import { Button } from "./button";

type State<T> = { busy: boolean; result: T | null; error: string | null };

// What a person can do about each kind of failure; the message itself says what happened.
const NEXT_STEPS = new Set<ConnectionFailureKind>(["login", "dns", "refused", "timeout", "tls", "folder", "protocol"]);

/** `run(otherId)` tests an account saved a moment ago, before a re-render has passed its id in. */
export function useConnectionTest(id: string) {
  return useCall(async (accountId: string = id) => apiAs(connectionTestSchema, `/api/accounts/${accountId}/test`, { method: "POST" }));
}

export function useFetchNow(id: string) {
  return useCall(async () => apiAs(fetchNowSchema, `/api/accounts/${id}/fetch`, { method: "POST" }));
}

export function TestResultMessage({ test }: { test: ReturnType<typeof useConnectionTest> }) {
  const t = useTranslations("accounts.test");
  const locale = useLocale();
  if (test.busy) return <p role="status" className="text-xs text-slate-500">{t("connecting")}</p>;
  if (test.error) return <p role="alert" className="text-xs text-red-700">{test.error}</p>;
  if (!test.result) return null;
  if (test.result.ok) {
    const folders = test.result.folders.join(", ");
    return (
      <p role="status" className="text-xs text-emerald-700">
        ✓ {folders ? t.rich("worksWithFolders", { folders: () => <bdi>{folders}</bdi> }) : t("works")}
      </p>
    );
  }
  const { kind, message } = test.result;
  return (
    <div role="alert" className="text-xs text-red-700">
      <p>
        <span className="me-1 rounded bg-red-100 px-1 py-px font-mono text-[10px] uppercase">{t(`kind.${kind}`)}</span>
        {/* English keeps the server's own sentence (it names the host or folder); other languages say what failed. */}
        {locale === "en" ? message : t(`failure.${kind}`)}
      </p>
      {NEXT_STEPS.has(kind) && <p className="mt-1 text-slate-700">{t.rich(`nextStep.${kind}` as "nextStep.login", { code: (c) => <code>{c}</code> })}</p>}
    </div>
  );
}

export function FetchResultMessage({ fetch }: { fetch: ReturnType<typeof useFetchNow> }) {
  const t = useTranslations("accounts.fetch");
  if (fetch.error) return <p role="alert" className="text-xs text-red-700">{fetch.error}</p>;
  if (!fetch.result) return null;
  return (
    <p role="status" className="text-xs text-emerald-700">
      {fetch.result.already_queued ? t("alreadyQueued") : t("queued")}
    </p>
  );
}

export function TestConnectionButton({ test, variant = "ghost" }: { test: ReturnType<typeof useConnectionTest>; variant?: "ghost" | "secondary" }) {
  const t = useTranslations("accounts.test");
  return (
    <Button variant={variant} size="sm" onClick={() => test.run()} disabled={test.busy}>
      {test.busy ? t("testing") : t("button")}
    </Button>
  );
}

export function FetchNowButton({ fetch, variant = "ghost" }: { fetch: ReturnType<typeof useFetchNow>; variant?: "ghost" | "secondary" }) {
  const t = useTranslations("accounts.fetch");
  return (
    <Button variant={variant} size="sm" onClick={() => fetch.run()} disabled={fetch.busy}>
      {fetch.busy ? t("queuing") : fetch.result ? t("queuedButton") : t("button")}
    </Button>
  );
}

/** One API call's busy flag, answer and error message, for a button and the line that reports on it. */
function useCall<T, A extends unknown[]>(call: (...args: A) => Promise<T>) {
  const tErrors = useTranslations("common.errors");
  const [state, setState] = useState<State<T>>({ busy: false, result: null, error: null });
  async function run(...args: A) {
    setState({ busy: true, result: null, error: null });
    try {
      setState({ busy: false, result: await call(...args), error: null });
    } catch (err) {
      setState({ busy: false, result: null, error: errorMessage(err, tErrors) });
    }
  }
  return { ...state, run };
}
