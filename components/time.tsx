"use client";

import { useTranslations } from "next-intl";
import { useEffect, useState, useSyncExternalStore } from "react";
import { useFormat } from "./format";

type Value = Date | string | null | undefined;
const iso = (v: Value) => (v ? new Date(v).toISOString() : undefined);

/** "5 minutes ago", refreshed every minute; the exact time (in the reader's time zone) on hover. */
export function RelativeTime({ value, never }: { value: Value; never?: string }) {
  const t = useTranslations("common.time");
  const format = useFormat();
  const stable = useStableText();
  const hydrated = useHydrated();
  const now = useMinuteClock();
  if (!value) return <span className="text-slate-400">{never ?? t("never")}</span>;
  return (
    <time dateTime={iso(value)} title={hydrated ? format.dateTime(value) : undefined}>
      {hydrated ? format.relative(value, now) : stable(value)}
    </time>
  );
}

/** An absolute date and time, in the reader's time zone once the page runs in the browser. */
export function DateTime({ value }: { value: Value }) {
  const format = useFormat();
  const stable = useStableText();
  const hydrated = useHydrated();
  if (!value) return <span className="text-slate-400">—</span>;
  return <time dateTime={iso(value)}>{hydrated ? format.dateTime(value) : stable(value)}</time>;
}

/** What the server and the hydrating browser both write: in the reader's language, but on neither one's clock nor time zone. */
function useStableText() {
  const t = useTranslations("common.time");
  const format = useFormat();
  return (v: Date | string) => t("utc", { time: format.dateTime(v, "UTC") });
}

const noSubscription = () => () => {};

/**
 * False while the server renders and while React hydrates its HTML, true afterwards (and at once for
 * anything first drawn in the browser), so text that depends on the reader's clock or zone never mismatches.
 */
export function useHydrated(): boolean {
  return useSyncExternalStore(
    noSubscription,
    () => true,
    () => false,
  );
}

function useMinuteClock(): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    setNow(Date.now());
    const t = setInterval(() => setNow(Date.now()), 60_000);
    return () => clearInterval(t);
  }, []);
  return now;
}
