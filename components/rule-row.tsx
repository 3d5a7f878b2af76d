"use client";

import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import type { ReactNode } from "react";
import { api } from "@/components/api-client";
import { Button } from "@/components/button";
import { ConfirmButton } from "@/components/confirm-dialog";
import { FormError } from "@/components/form-fields";

export type RuleDeleteTexts = { label: ReactNode; title: string; message: string; confirm: string };

/** The end of an ordered rule's row: the move buttons, Save once edited, and Delete behind a confirmation. */
export function RuleRowActions({ moves, dirty, busy, deleteUrl, texts, className = "" }: { moves: ReactNode; dirty: boolean; busy: boolean; deleteUrl: string; texts: RuleDeleteTexts; className?: string }) {
  const tActions = useTranslations("common.actions");
  const router = useRouter();
  return (
    <div className={`mt-6 flex items-center gap-1 ${className}`}>
      {moves}
      {dirty && (
        <Button type="submit" size="sm" disabled={busy}>
          {busy ? tActions("saving") : tActions("save")}
        </Button>
      )}
      <ConfirmButton
        label={texts.label}
        title={texts.title}
        message={texts.message}
        confirmLabel={texts.confirm}
        onConfirm={async () => {
          await api(deleteUrl, { method: "DELETE" });
          router.refresh();
        }}
      />
    </div>
  );
}

/** Under a rule's row: why saving failed, or that it was saved (until it is edited again). */
export function RuleRowStatus({ formError, saved, savedText }: { formError?: string | null; saved: boolean; savedText: string }) {
  return (
    <div className="mt-2 ps-9">
      <FormError message={formError} />
      {saved && (
        <p role="status" className="text-xs text-emerald-700">
          {savedText}
        </p>
      )}
    </div>
  );
}
