import Link from "next/link";
import type { ReactNode } from "react";

/** A page's title (isolated, so a Hebrew or English name reads in its own direction), with an optional way back and actions. */
export function PageHeader({ title, description, actions, back }: { title: ReactNode; description?: ReactNode; actions?: ReactNode; back?: { href: string; label: string } }) {
  return (
    <header className="mb-6">
      {back && (
        <Link href={back.href} className="mb-2 inline-flex items-center gap-1 text-sm text-slate-500 hover:text-indigo-600">
          <span aria-hidden className="inline-block rtl:-scale-x-100">
            ←
          </span>
          <bdi>{back.label}</bdi>
        </Link>
      )}
      <div className="flex flex-wrap items-start justify-between gap-4">
        <div className="min-w-0">
          <h1 className="truncate text-start text-2xl font-semibold tracking-tight text-slate-900">
            <bdi>{title}</bdi>
          </h1>
          {description && <p className="mt-1 text-sm text-slate-500">{description}</p>}
        </div>
        {actions && <div className="flex flex-wrap items-center gap-2">{actions}</div>}
      </div>
    </header>
  );
}
