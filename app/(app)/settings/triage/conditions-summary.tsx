"use client";

import { useTranslations } from "next-intl";
import type { TriageConditions } from "@/lib/triage/schemas";

/** A rule's conditions in words, one per line; none means every email. */
export function ConditionsSummary({ conditions }: { conditions: TriageConditions }) {
  const t = useTranslations("triage.conditions");
  const tType = useTranslations("triage.documentTypes");
  const lines = [
    conditions.from && t("from", { values: conditions.from.join(", ") }),
    conditions.subject && t("subject", { values: conditions.subject.join(", ") }),
    conditions.body && t("body", { values: conditions.body.join(", ") }),
    conditions.has_attachment !== undefined && (conditions.has_attachment ? t("withAttachment") : t("withoutAttachment")),
    conditions.document_type && t("documentType", { type: tType(conditions.document_type) }),
  ].filter((l): l is string => !!l);
  if (!lines.length) return <p className="text-xs text-slate-500">{t("every")}</p>;
  return (
    <ul className="text-xs text-slate-600">
      {lines.map((l) => (
        <li key={l}>
          <bdi>{l}</bdi>
        </li>
      ))}
    </ul>
  );
}
