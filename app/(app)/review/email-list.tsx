"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { api } from "@/components/api-client";
import { Button } from "@/components/button";
import { FormError, SelectField } from "@/components/form-fields";
import { announceReviewChange } from "@/components/review-events";
import { DateTime } from "@/components/time";
import { useAction } from "@/components/use-action";
import { EmailReplies } from "./email-replies";
import { TRIAGE_OUTCOMES, type ReviewActionInput, type ReviewEmail, type TriageOutcome } from "@/lib/triage/schemas";

/** Emails triage sent to a person: the message, its documents, and done or reclassify; `handled`: those already dealt with, read only. */
export function EmailReviewList({ items, handled = false }: { items: ReviewEmail[]; handled?: boolean }) {
  const t = useTranslations("review.emails");
  return (
    <ul aria-label={handled ? t("handledLabel") : t("listLabel")} className="space-y-3">
      {items.map((e) => (
        <EmailItem key={e.id} email={e} handled={handled} />
      ))}
    </ul>
  );
}

function EmailItem({ email, handled }: { email: ReviewEmail; handled: boolean }) {
  const t = useTranslations("review.emails");
  const tMail = useTranslations("common.mail");
  const tOutcome = useTranslations("triage.outcomes");
  const tType = useTranslations("triage.documentTypes");
  const router = useRouter();
  const { busy, error, run } = useAction();
  const [outcome, setOutcome] = useState<TriageOutcome>("acknowledge");
  const subject = email.subject ?? tMail("noSubject");

  const act = (body: ReviewActionInput) =>
    run(async () => {
      await api(`/api/triage/emails/${email.id}`, { method: "POST", body });
      announceReviewChange();
      router.refresh();
    });

  return (
    <li className="rounded-lg border border-slate-200 bg-white p-4" aria-labelledby={`email-${email.id}-subject`}>
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0">
          <p id={`email-${email.id}-subject`} className="truncate text-start font-medium text-slate-900">
            <bdi>{subject}</bdi>
          </p>
          <p className="truncate text-start text-sm text-slate-600">{email.from ? <bdi>{email.from}</bdi> : tMail("unknownSender")}</p>
          <p className="text-xs text-slate-500">
            <DateTime value={email.received_at} />
            {" · "}
            {email.triage_rule_name ? t.rich("byRule", { name: email.triage_rule_name, bdi: (c) => <bdi>{c}</bdi> }) : t("noRule")}
          </p>
        </div>
        {handled ? (
          <p className="text-xs text-slate-600">{email.triage_outcome ? tOutcome(email.triage_outcome) : null}</p>
        ) : (
        <div className="flex flex-wrap items-end gap-2">
          <Button size="sm" onClick={() => act({ action: "done" })} disabled={busy}>
            {t("done")}
            <span className="sr-only"> {t.rich("forEmail", { subject, bdi: (c) => <bdi>{c}</bdi> })}</span>
          </Button>
          <SelectField
            label={t("reclassifyAs")}
            id={`reclassify-${email.id}`}
            name="outcome"
            className="w-48"
            value={outcome}
            onChange={(e) => setOutcome(e.target.value as TriageOutcome)}
            options={TRIAGE_OUTCOMES.filter((o) => o !== "review").map((o) => ({ value: o, label: tOutcome(o) }))}
          />
          <Button size="sm" variant="secondary" onClick={() => act({ action: "reclassify", outcome })} disabled={busy}>
            {t("reclassify")}
            <span className="sr-only"> {t.rich("forEmail", { subject, bdi: (c) => <bdi>{c}</bdi> })}</span>
          </Button>
        </div>
        )}
      </div>
      {email.documents.length > 0 && (
        <ul aria-label={t("documents")} className="mt-2 flex flex-wrap gap-2 text-xs">
          {email.documents.map((d) => (
            <li key={d.id}>
              <Link href={`/documents/${d.id}`} prefetch={false} className="rounded-full bg-slate-100 px-2 py-0.5 text-slate-700 hover:bg-indigo-50 hover:text-indigo-700">
                <bdi>{d.filename}</bdi>
                {d.document_type && ` · ${tType(d.document_type as "invoice")}`}
              </Link>
            </li>
          ))}
        </ul>
      )}
      {email.body && (
        <details className="mt-2">
          <summary className="cursor-pointer text-xs font-medium text-indigo-700">{t("message")}</summary>
          <p dir="auto" className="mt-2 max-h-64 overflow-auto rounded bg-slate-50 p-3 text-sm whitespace-pre-wrap text-slate-800">
            {email.body}
          </p>
        </details>
      )}
      <EmailReplies email={email} />
      <FormError message={error} />
    </li>
  );
}
