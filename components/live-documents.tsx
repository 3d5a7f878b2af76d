"use client";

import { useLocale, useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { createContext, useContext, useEffect, useState, type ReactNode } from "react";
import { api } from "./api-client";
import { ProgressBar } from "./progress-bar";
import { DocumentStatusBadge } from "./status-badge";
import { PROCESSING_STAGES, type DocumentStatusJson } from "@/lib/documents/contract";

export type LiveStatus = Pick<DocumentStatusJson, "status" | "processing_stage" | "progress_percentage" | "error_message">;

const Live = createContext<Record<string, LiveStatus>>({});

const EVERY_MS = 3000;
/** At most this many status requests per tick; with more unfinished rows they take turns. */
const PER_TICK = 10;
/** Results the list shows appear at 33% (vendor, total, type) and when processing ends. */
const stepOf = (s: LiveStatus) => (s.status === "completed" || s.status === "error" ? 2 : s.progress_percentage >= 33 ? 1 : 0);

/**
 * Keeps the unfinished rows of a document list live: polls each one's /status every 3 s (while the tab is
 * visible) and feeds the rows' LiveStatusCell. The page's data is refreshed (router.refresh) only when a row
 * has something new to show: its first fields, or the end of processing.
 */
export function LiveDocuments({ rows, children }: { rows: (LiveStatus & { id: string })[]; children: ReactNode }) {
  const router = useRouter();
  const [live, setLive] = useState<Record<string, LiveStatus>>({});
  const key = rows.map((r) => `${r.id}:${stepOf(r)}`).join(",");

  useEffect(() => {
    const watched = key ? key.split(",").map((k) => ({ id: k.split(":")[0], step: Number(k.split(":")[1]) })) : [];
    if (!watched.length) return;
    let turn = 0;
    let busy = false;
    let stopped = false;
    const timer = setInterval(async () => {
      if (busy || document.visibilityState === "hidden") return;
      busy = true;
      const batch = watched.length <= PER_TICK ? watched : Array.from({ length: PER_TICK }, (_, i) => watched[(turn + i) % watched.length]);
      turn = (turn + batch.length) % watched.length;
      const answers = await Promise.all(batch.map((w) => api<LiveStatus>(`/api/documents/${w.id}/status`).then((s) => ({ ...w, s }), () => null)));
      busy = false;
      if (stopped) return;
      const got = answers.filter((a) => a !== null);
      setLive((prev) => ({ ...prev, ...Object.fromEntries(got.map((a) => [a.id, a.s])) }));
      if (got.some((a) => stepOf(a.s) > a.step)) router.refresh();
    }, EVERY_MS);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [key, router]);

  return <Live.Provider value={live}>{children}</Live.Provider>;
}

/** A row's status badge, progress bar and stage, live inside LiveDocuments. */
export function LiveStatusCell({ id, initial }: { id: string; initial: LiveStatus }) {
  const t = useTranslations("documents.list");
  const stage = useStageLabel();
  const locale = useLocale();
  const s = useContext(Live)[id] ?? initial;
  const unfinished = s.status === "pending" || s.status === "processing";
  return (
    <>
      <DocumentStatusBadge status={s.status} />
      {unfinished ? (
        <>
          <ProgressBar value={s.progress_percentage} status={s.status} className="mt-2" label={t("progress", { percent: s.progress_percentage })} />
          <p className="mt-1 text-[11px] text-slate-500">
            {s.progress_percentage}% · {stage(s.processing_stage)}
          </p>
        </>
      ) : s.status === "error" ? (
        <p className="mt-1 max-w-[9rem] truncate text-[11px] text-red-600" title={s.error_message ?? undefined} dir="auto">
          {/* The worker's messages are English: other languages say "failed" and keep the message on hover. */}
          {(locale === "en" && s.error_message) || t("failed")}
        </p>
      ) : null}
    </>
  );
}

/** A processing stage's name in the reader's language. */
export function useStageLabel() {
  const t = useTranslations("documents.stages");
  return (stage: string) => ((PROCESSING_STAGES as readonly string[]).includes(stage) ? t(stage as (typeof PROCESSING_STAGES)[number]) : t("other"));
}
