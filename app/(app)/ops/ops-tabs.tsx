"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { useTranslations } from "next-intl";

const TABS = ["queues", "jobs", "workers", "fetching", "schedules"] as const;

/** The operations pages' own navigation, under the main one's Operations entry. */
export function OpsTabs() {
  const t = useTranslations("ops.tabs");
  const pathname = usePathname();
  return (
    <nav aria-label={t("label")} className="mb-6 flex flex-wrap gap-1 border-b border-slate-200">
      {TABS.map((tab) => {
        const href = `/ops/${tab}`;
        const active = pathname === href || pathname.startsWith(`${href}/`);
        return (
          <Link key={tab} href={href} aria-current={active ? "page" : undefined} className={`-mb-px border-b-2 px-3 py-2 text-sm font-medium ${active ? "border-indigo-600 text-indigo-700" : "border-transparent text-slate-600 hover:text-slate-900"}`}>
            {t(tab)}
          </Link>
        );
      })}
    </nav>
  );
}
