"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { useTranslations } from "next-intl";
import { useEffect, useState } from "react";
import { companyStatsSchema } from "@/lib/stats/schemas";
import { apiAs } from "./api-contract";
import { useFormat } from "./format";
import { REVIEW_CHANGED } from "./review-events";

type NavLink = { href: string; label: "dashboard" | "accounts" | "documents" | "review" | "settings" | "operations"; icon: string };

const LINKS: NavLink[] = [
  { href: "/", label: "dashboard", icon: "M3 12l9-8 9 8M5 10v10h5v-6h4v6h5V10" },
  { href: "/accounts", label: "accounts", icon: "M3 7l9 6 9-6M4 5h16a1 1 0 011 1v12a1 1 0 01-1 1H4a1 1 0 01-1-1V6a1 1 0 011-1z" },
  { href: "/documents", label: "documents", icon: "M7 3h7l5 5v12a1 1 0 01-1 1H7a1 1 0 01-1-1V4a1 1 0 011-1zM14 3v5h5M9 13h6M9 17h6" },
  { href: "/review", label: "review", icon: "M9 11l2 2 4-4M12 3l8 3v6c0 4.5-3.4 8.3-8 9-4.6-.7-8-4.5-8-9V6l8-3z" },
  { href: "/settings", label: "settings", icon: "M12 15a3 3 0 100-6 3 3 0 000 6zM19.4 15a1.7 1.7 0 00.3 1.8l.1.1a2 2 0 11-2.8 2.8l-.1-.1a1.7 1.7 0 00-1.8-.3 1.7 1.7 0 00-1 1.5V21a2 2 0 11-4 0v-.1a1.7 1.7 0 00-1.1-1.5 1.7 1.7 0 00-1.8.3l-.1.1a2 2 0 11-2.8-2.8l.1-.1a1.7 1.7 0 00.3-1.8 1.7 1.7 0 00-1.5-1H3a2 2 0 110-4h.1a1.7 1.7 0 001.5-1.1 1.7 1.7 0 00-.3-1.8l-.1-.1a2 2 0 112.8-2.8l.1.1a1.7 1.7 0 001.8.3H9a1.7 1.7 0 001-1.5V3a2 2 0 114 0v.1a1.7 1.7 0 001 1.5 1.7 1.7 0 001.8-.3l.1-.1a2 2 0 112.8 2.8l-.1.1a1.7 1.7 0 00-.3 1.8V9a1.7 1.7 0 001.5 1H21a2 2 0 110 4h-.1a1.7 1.7 0 00-1.5 1z" },
];

/** Shown to admins only: queues, jobs, workers, fetching switches and schedules. */
const OPERATIONS: NavLink = { href: "/ops", label: "operations", icon: "M12 7v5l3 2M12 21a9 9 0 100-18 9 9 0 000 18z" };

const BADGE_MAX = 99;

/**
 * How many things wait for review (fields to check, categories to choose, emails triage sent to a person): `initial` when
 * the layout knows it; otherwise read from the stats API, again after a correction, review or
 * choice (REVIEW_CHANGED) and when the tab comes back into view.
 */
function useReviewCount(initial?: number) {
  const [count, setCount] = useState<number | null>(initial ?? null);
  useEffect(() => {
    let stale = false;
    async function load() {
      if (document.visibilityState === "hidden") return;
      try {
        const stats = await apiAs(companyStatsSchema, "/api/stats");
        if (!stale) setCount(stats.documents_needing_review + stats.documents_awaiting_category + stats.emails_awaiting_review);
      } catch {
        // The badge is a hint; it is tried again on the next change.
      }
    }
    if (initial === undefined) load();
    window.addEventListener(REVIEW_CHANGED, load);
    document.addEventListener("visibilitychange", load);
    return () => {
      stale = true;
      window.removeEventListener(REVIEW_CHANGED, load);
      document.removeEventListener("visibilitychange", load);
    };
  }, [initial]);
  return count;
}

export function AppNav({ reviewCount, admin = false }: { reviewCount?: number; admin?: boolean } = {}) {
  const t = useTranslations("shell.nav");
  const pathname = usePathname();
  const review = useReviewCount(reviewCount);
  const format = useFormat();
  const links = admin ? [...LINKS, OPERATIONS] : LINKS;
  return (
    // Below md a bar of five tabs (six for admins) (icon over label) that fits a phone; from md a column in the sidebar.
    <nav aria-label={t("label")} className={`grid ${admin ? "grid-cols-6" : "grid-cols-5"} gap-0.5 md:flex md:flex-col md:gap-1`}>
      {links.map((l) => {
        const active = l.href === "/" ? pathname === "/" : pathname === l.href || pathname.startsWith(`${l.href}/`);
        return (
          <Link
            key={l.href}
            href={l.href}
            aria-current={active ? "page" : undefined}
            className={`relative flex min-w-0 flex-col items-center gap-1 rounded-md px-0.5 py-1.5 text-[11px] font-medium whitespace-nowrap md:flex-row md:gap-3 md:px-3 md:py-2 md:text-sm ${
              active ? "bg-indigo-50 text-indigo-700" : "text-slate-600 hover:bg-slate-100 hover:text-slate-900"
            }`}
          >
            <svg viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth={1.7} strokeLinecap="round" strokeLinejoin="round" className="size-5 shrink-0" aria-hidden>
              <path d={l.icon} />
            </svg>
            <span className="max-w-full truncate">{t(l.label)}</span>
            {l.href === "/review" && review !== null && review > 0 && (
              <span className="absolute end-1 top-0.5 rounded-full bg-amber-100 px-1.5 py-px text-[11px] font-semibold text-amber-800 tabular-nums md:static md:ms-auto">
                <span aria-hidden>{review > BADGE_MAX ? t("badgeMax", { max: BADGE_MAX }) : format.number(review)}</span>
                <span className="sr-only">{t("reviewWaiting", { count: review })}</span>
              </span>
            )}
          </Link>
        );
      })}
    </nav>
  );
}
