"use client";

import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import type { DocumentStatusJson } from "@/lib/documents/contract";
import { api } from "@/components/api-client";
import { useStageLabel } from "@/components/live-documents";
import { ProgressBar } from "@/components/progress-bar";
import { DocumentStatusBadge } from "@/components/status-badge";
import { RelativeTime } from "@/components/time";

type Status = Omit<DocumentStatusJson, "error_reason">;

/** Which saved results the page already shows: basic info at 33%, line items at 66%, everything at 100%. */
const resultsReached = (pct: number) => (pct >= 100 ? 3 : pct >= 66 ? 2 : pct >= 33 ? 1 : 0);

/**
 * Status, stage and progress; polls the status endpoint every 3 s while the document is still being processed,
 * and refreshes the page's data when a stage saves results (fields, then line items) and when it finishes.
 * The page keys this by status, so a Reprocess (which sets it back to pending) starts polling again.
 */
export function DocumentProgress({ id, initial }: { id: string; initial: Status }) {
  const t = useTranslations("documents.progress");
  const stage = useStageLabel();
  const router = useRouter();
  const [s, setS] = useState(initial);
  const seen = useRef({ status: initial.status, results: resultsReached(initial.progress_percentage) });
  const active = s.status === "pending" || s.status === "processing";

  useEffect(() => {
    if (!active) return;
    const t = setInterval(async () => {
      if (document.visibilityState === "hidden") return;
      try {
        const next = await api<Status>(`/api/documents/${id}/status`);
        setS(next);
        const results = resultsReached(next.progress_percentage);
        const finished = next.status !== seen.current.status && (next.status === "completed" || next.status === "error");
        if (finished || results > seen.current.results) {
          seen.current = { status: next.status, results };
          router.refresh();
        }
      } catch {
        // A missed poll is retried on the next tick.
      }
    }, 3000);
    return () => clearInterval(t);
  }, [active, id, router]);

  return (
    <div className="space-y-3 text-sm" aria-live="polite">
      <div className="flex items-center justify-between gap-3">
        <DocumentStatusBadge status={s.status} />
        <span className="text-slate-500 tabular-nums">{s.status === "error" ? "" : `${s.progress_percentage}%`}</span>
      </div>
      <ProgressBar value={s.progress_percentage} status={s.status} />
      <p className="text-slate-600">
        <span className="text-slate-500">{t("stage")}</span> {stage(s.processing_stage)}
        {s.last_processed_at && (
          <span className="text-slate-400">
            {" "}
            · <RelativeTime value={s.last_processed_at} />
          </span>
        )}
      </p>
      {s.status === "error" &&
        (initial.status === "error" ? (
          <p className="text-red-700">{t("stoppedAbove")}</p>
        ) : (
          <div role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-red-700" dir="auto">
            {s.error_message ?? t("failedNoMessage")}
          </div>
        ))}
    </div>
  );
}
