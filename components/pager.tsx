import type { ReactNode } from "react";
import { ButtonLink } from "./button";

/** Back to the first page and on to the next, for lists paged by cursor or offset. */
export function Pager({ first, next, summary }: { first?: string | null; next?: string | null; summary?: ReactNode }) {
  if (!first && !next && !summary) return null;
  return (
    <nav aria-label="Pages" className="mt-4 flex items-center justify-between gap-4 text-sm">
      <span className="text-slate-500">{summary}</span>
      <div className="flex gap-2">
        {first && (
          <ButtonLink href={first} variant="secondary" size="sm">
            ← Newest
          </ButtonLink>
        )}
        {next && (
          <ButtonLink href={next} variant="secondary" size="sm">
            Next page →
          </ButtonLink>
        )}
      </div>
    </nav>
  );
}
