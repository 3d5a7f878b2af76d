import { useTranslations } from "next-intl";
import type { DocumentDetail } from "@/lib/documents/contract";
import { errorAdvice, useReviewReasons } from "@/components/extraction";
import { AlertIcon } from "@/components/icons";
import { MarkReviewedButton, ReprocessButton } from "./document-actions";

/** Why the document could not be processed, and what to do about it. */
export function ErrorBanner({ doc }: { doc: Pick<DocumentDetail, "id" | "error_message" | "error_reason"> }) {
  const t = useTranslations("documents");
  return (
    <div role="alert" className="mb-6 flex gap-3 rounded-lg border border-red-200 bg-red-50 px-5 py-4 text-sm text-red-800">
      <AlertIcon className="size-5 shrink-0 text-red-600" />
      <div className="min-w-0 flex-1">
        <p className="font-semibold">{t("detail.errorTitle")}</p>
        <p className="mt-1 break-words" dir="auto">
          {doc.error_message ?? t("progress.failedNoMessage")}
        </p>
        <p className="mt-2 text-red-700">
          <span className="font-medium">{t("detail.whatToDo")} </span>
          {t(`advice.${errorAdvice(doc.error_message, doc.error_reason)}`)}
        </p>
        <div className="mt-3">
          <ReprocessButton id={doc.id} active={false} variant="primary" size="sm" />
        </div>
      </div>
    </div>
  );
}

/** Why the document needs a person's look, and the button that says it is fine as it is. */
export function ReviewBanner({ doc }: { doc: Pick<DocumentDetail, "id" | "review_reasons" | "checks"> }) {
  const t = useTranslations("documents.detail");
  const reasons = useReviewReasons()(doc.review_reasons, doc.checks);
  return (
    <section aria-labelledby="review-title" className="mb-6 flex gap-3 rounded-lg border border-amber-300 bg-amber-50 px-5 py-4 text-sm text-amber-900">
      <AlertIcon className="size-5 shrink-0 text-amber-600" />
      <div className="min-w-0 flex-1">
        <h2 id="review-title" className="font-semibold">
          {t("reviewTitle")}
        </h2>
        {reasons.length > 0 ? (
          <ul className="mt-1 list-disc space-y-0.5 ps-5">
            {reasons.map((r) => (
              <li key={r}>{r}</li>
            ))}
          </ul>
        ) : (
          <p className="mt-1">{t("reviewMayBeWrong")}</p>
        )}
        <p className="mt-2 text-amber-800">{t("reviewHow")}</p>
        <div className="mt-3">
          <MarkReviewedButton id={doc.id} />
        </div>
      </div>
    </section>
  );
}
