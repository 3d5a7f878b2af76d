"use client";

import { useTranslations } from "next-intl";
import type { JobState } from "@/lib/ops/schemas";

const COLORS: Record<JobState, string> = {
  created: "bg-slate-100 text-slate-700",
  retry: "bg-amber-100 text-amber-800",
  active: "bg-indigo-100 text-indigo-800",
  completed: "bg-emerald-100 text-emerald-800",
  cancelled: "bg-slate-100 text-slate-500",
  failed: "bg-red-100 text-red-800",
};

export function JobStateBadge({ state }: { state: JobState }) {
  const t = useTranslations("ops.states");
  return <span data-state={state} className={`rounded-full px-2 py-0.5 text-xs font-medium ${COLORS[state]}`}>{t(state)}</span>;
}
