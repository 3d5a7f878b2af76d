"use client";

import Link from "next/link";
import { useTranslations } from "next-intl";
import { useEffect, useState } from "react";
import { notificationListSchema } from "@/lib/notifications/schemas";
import { apiAs } from "./api-contract";
import { useFormat } from "./format";
import { NOTIFICATIONS_CHANGED } from "./notification-events";

const BADGE_MAX = 99;

/** The bell and the person's unread count: from the layout, then again after a change and when the tab comes back. */
export function NotificationBell({ unread }: { unread: number }) {
  const t = useTranslations("notifications.bell");
  const tNav = useTranslations("shell.nav");
  const format = useFormat();
  const [count, setCount] = useState(unread);
  useEffect(() => setCount(unread), [unread]);
  useEffect(() => {
    let stale = false;
    async function load() {
      if (document.visibilityState === "hidden") return;
      try {
        const list = await apiAs(notificationListSchema, "/api/notifications?unread=1&limit=1");
        if (!stale) setCount(list.unread);
      } catch {
        // The count is a hint; it is read again on the next change.
      }
    }
    window.addEventListener(NOTIFICATIONS_CHANGED, load);
    document.addEventListener("visibilitychange", load);
    return () => {
      stale = true;
      window.removeEventListener(NOTIFICATIONS_CHANGED, load);
      document.removeEventListener("visibilitychange", load);
    };
  }, []);
  return (
    <Link href="/notifications" className="relative inline-grid size-9 place-items-center rounded-md text-slate-600 hover:bg-slate-100 hover:text-slate-900" data-testid="notification-bell">
      <svg viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth={1.7} strokeLinecap="round" strokeLinejoin="round" className="size-5" aria-hidden>
        <path d="M18 8a6 6 0 10-12 0c0 7-3 9-3 9h18s-3-2-3-9M13.7 21a2 2 0 01-3.4 0" />
      </svg>
      <span className="sr-only">
        {t("label")}: {t("unread", { count })}
      </span>
      {count > 0 && (
        <span aria-hidden data-testid="notification-count" className="absolute -end-0.5 -top-0.5 min-w-5 rounded-full bg-rose-600 px-1 text-center text-[11px] leading-5 font-semibold text-white tabular-nums">
          {count > BADGE_MAX ? tNav("badgeMax", { max: BADGE_MAX }) : format.number(count)}
        </span>
      )}
    </Link>
  );
}
