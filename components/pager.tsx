import { useTranslations } from "next-intl";
import type { ReactNode } from "react";
import { ButtonLink } from "./button";

/** Back to the first page and on to the next, for lists paged by cursor or offset. */
export function Pager({ first, next, summary }: { first?: string | null; next?: string | null; summary?: ReactNode }) {
  const t = useTranslations("documents.pager");
  if (!first && !next && !summary) return null;
  return (
    <nav aria-label={t("label")} className="mt-4 flex items-center justify-between gap-4 text-sm">
      <span className="text-slate-500">{summary}</span>
      <div className="flex gap-2">
        {first && (
          <ButtonLink href={first} variant="secondary" size="sm">
            <Arrow back /> {t("first")}
          </ButtonLink>
        )}
        {next && (
          <ButtonLink href={next} variant="secondary" size="sm">
            {t("next")} <Arrow />
          </ButtonLink>
        )}
      </div>
    </nav>
  );
}

/** An arrow that points the reading direction's way (mirrored right to left). */
function Arrow({ back = false }: { back?: boolean }) {
  return (
    <span aria-hidden className="inline-block rtl:-scale-x-100">
      {back ? "←" : "→"}
    </span>
  );
}
