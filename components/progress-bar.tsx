import { useTranslations } from "next-intl";

export function ProgressBar({ value, status, label, className = "" }: { value: number; status?: string; label?: string; className?: string }) {
  const t = useTranslations("documents.progress");
  const pct = Math.max(0, Math.min(100, Math.round(value)));
  const color = status === "error" ? "bg-red-500" : pct >= 100 ? "bg-emerald-500" : "bg-indigo-500";
  return (
    <div
      role="progressbar"
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={pct}
      aria-label={label ?? t("label")}
      className={`h-1.5 w-full overflow-hidden rounded-full bg-slate-200 ${className}`}
    >
      <div className={`h-full rounded-full transition-[width] duration-500 ${color}`} style={{ width: `${status === "error" ? Math.max(pct, 4) : pct}%` }} />
    </div>
  );
}
