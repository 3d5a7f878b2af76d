"use client";

import { useTranslations } from "next-intl";
import type { ReactNode } from "react";
import type { DryRunResult, MatchReason } from "@/lib/triage/schemas";

/** Which rule decided and the conditions it met; the rules before it and the condition each failed. */
export function DryRunAnswer({ result }: { result: DryRunResult }) {
  const t = useTranslations("triage.dryRun");
  const tOutcome = useTranslations("triage.outcomes");
  const tFailed = useTranslations("triage.failed");
  const reason = useReasonText();
  return (
    <section aria-label={t("resultLabel")} className="space-y-3 rounded-lg border border-indigo-100 bg-indigo-50/50 p-5 text-sm" data-testid="dry-run-result">
      <p className="text-base font-semibold text-slate-900">{t("outcome", { outcome: tOutcome(result.outcome) })}</p>
      {result.rule ? (
        <>
          <p className="text-slate-700">{t.rich("matched", { position: result.rule.position + 1, name: result.rule.name, bdi: (c) => <bdi>{c}</bdi> })}</p>
          <ul className="list-disc ps-5 text-slate-700">{result.reasons.length ? result.reasons.map((r) => <li key={r.condition}>{reason(r)}</li>) : <li>{t("matchesEvery")}</li>}</ul>
        </>
      ) : (
        <p className="text-slate-700">{result.skipped.length ? t("noMatch") : t("noRules")}</p>
      )}
      {result.skipped.length > 0 && (
        <div>
          <p className="text-xs font-medium text-slate-500">{t("skippedTitle")}</p>
          <ul className="text-xs text-slate-600">
            {result.skipped.map((s) => (
              <li key={s.id}>
                <bdi>{s.name}</bdi>: {tFailed(s.failed)}
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}

function useReasonText() {
  const t = useTranslations("triage.reasons");
  const tType = useTranslations("triage.documentTypes");
  const bdi = (chunks: ReactNode) => <bdi>{chunks}</bdi>;
  return (r: MatchReason): ReactNode => {
    switch (r.condition) {
      case "from":
        return t.rich("from", { value: String(r.value), bdi });
      case "subject":
        return t.rich("subject", { value: String(r.value), bdi });
      case "body":
        return t.rich("body", { value: String(r.value), bdi });
      case "has_attachment":
        return r.value ? t("withAttachment") : t("withoutAttachment");
      case "document_type":
        return t("documentType", { type: tType(String(r.value) as "invoice") });
    }
  };
}
