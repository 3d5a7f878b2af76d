"use client";

import { useEffect, useState } from "react";
import { formatDateTime, relativeTime } from "./format";

type Value = Date | string | null | undefined;
const iso = (v: Value) => (v ? new Date(v).toISOString() : undefined);

/** "5 minutes ago", refreshed every minute; the exact time (in the reader's time zone) on hover. */
export function RelativeTime({ value, never = "never" }: { value: Value; never?: string }) {
  const [now, setNow] = useState<number | null>(null);
  useEffect(() => {
    setNow(Date.now());
    const t = setInterval(() => setNow(Date.now()), 60_000);
    return () => clearInterval(t);
  }, []);
  if (!value) return <span className="text-slate-400">{never}</span>;
  return (
    <time dateTime={iso(value)} title={now === null ? undefined : formatDateTime(value)}>
      {relativeTime(value, now ?? undefined)}
    </time>
  );
}

/** An absolute date and time, rendered in the reader's time zone once in the browser. */
export function DateTime({ value }: { value: Value }) {
  const [text, setText] = useState(() => formatDateTime(value, "UTC"));
  useEffect(() => setText(formatDateTime(value)), [value]);
  if (!value) return <span className="text-slate-400">—</span>;
  return <time dateTime={iso(value)}>{text}</time>;
}
