"use client";

import { useEffect, useState, useSyncExternalStore } from "react";
import { formatDateTime, relativeTime } from "./format";

type Value = Date | string | null | undefined;
const iso = (v: Value) => (v ? new Date(v).toISOString() : undefined);
// What the server and the hydrating browser both write: it depends on neither one's clock nor time zone.
const stableText = (v: Date | string) => `${formatDateTime(v, "UTC")} UTC`;

/** "5 minutes ago", refreshed every minute; the exact time (in the reader's time zone) on hover. */
export function RelativeTime({ value, never = "never" }: { value: Value; never?: string }) {
  const hydrated = useHydrated();
  const now = useMinuteClock();
  if (!value) return <span className="text-slate-400">{never}</span>;
  return (
    <time dateTime={iso(value)} title={hydrated ? formatDateTime(value) : undefined}>
      {hydrated ? relativeTime(value, now) : stableText(value)}
    </time>
  );
}

/** An absolute date and time, in the reader's time zone once the page runs in the browser. */
export function DateTime({ value }: { value: Value }) {
  const hydrated = useHydrated();
  if (!value) return <span className="text-slate-400">—</span>;
  return <time dateTime={iso(value)}>{hydrated ? formatDateTime(value) : stableText(value)}</time>;
}

const noSubscription = () => () => {};

/**
 * False while the server renders and while React hydrates its HTML, true afterwards (and at once for
 * anything first drawn in the browser), so text that depends on the reader's clock or zone never mismatches.
 */
function useHydrated(): boolean {
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
