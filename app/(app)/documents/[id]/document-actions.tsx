"use client";

import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { api } from "@/components/api-client";
import { Button } from "@/components/button";
import { announceReviewChange } from "@/components/review-events";
import { ConfirmButton } from "@/components/confirm-dialog";
import { useAction } from "@/components/use-action";

/** Runs the whole pipeline again; the page refreshes and its progress bar goes live. */
export function ReprocessButton({ id, active, variant = "secondary", size = "md" }: { id: string; active: boolean; variant?: "secondary" | "primary"; size?: "sm" | "md" }) {
  const t = useTranslations("documents.actions");
  const router = useRouter();
  const { busy, error, run: act } = useAction();
  const run = () => act(async () => {
    await api(`/api/documents/${id}/reprocess`, { method: "POST" });
    router.refresh();
  });
  return (
    <span className="inline-flex items-center gap-2">
      {error && (
        <span role="alert" className="text-xs text-red-700">
          {error}
        </span>
      )}
      <Button
        variant={variant}
        size={size}
        onClick={run}
        disabled={busy || active}
        title={active ? t("alreadyProcessing") : t("reprocessHint")}
      >
        {busy ? t("queuing") : t("reprocess")}
      </Button>
    </span>
  );
}

export function DeleteDocumentButton({ id, filename }: { id: string; filename: string }) {
  const t = useTranslations("documents.actions");
  const tActions = useTranslations("common.actions");
  const router = useRouter();
  return (
    <ConfirmButton
      label={tActions("delete")}
      size="md"
      title={t("deleteTitle")}
      message={t.rich("deleteMessage", {
        name: () => (
          <bdi className="font-medium text-slate-900">{filename}</bdi>
        ),
      })}
      onConfirm={async () => {
        await api(`/api/documents/${id}`, { method: "DELETE" });
        announceReviewChange();
        router.push("/documents");
        router.refresh();
      }}
    />
  );
}

/** Takes the document off the review list as it is: corrections alone leave it there until a person says so. */
export function MarkReviewedButton({ id }: { id: string }) {
  const t = useTranslations("documents.actions");
  const tActions = useTranslations("common.actions");
  const router = useRouter();
  const { busy, error, run: act } = useAction();
  const run = () => act(async () => {
    await api(`/api/documents/${id}`, { method: "PATCH", body: { reviewed: true } });
    announceReviewChange();
    router.refresh();
  });
  return (
    <span className="inline-flex flex-wrap items-center gap-2">
      <Button variant="secondary" size="sm" onClick={run} disabled={busy}>
        {busy ? tActions("saving") : t("markReviewed")}
      </Button>
      {error && (
        <span role="alert" className="text-xs text-red-700">
          {error}
        </span>
      )}
    </span>
  );
}
