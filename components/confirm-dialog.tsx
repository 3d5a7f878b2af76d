"use client";

import { useTranslations } from "next-intl";
import { useId, useRef, useState, type ReactNode } from "react";
import { Button } from "./button";
import { errorMessage } from "./api-client";

/** A button that asks first (native <dialog>: focus trapped, Esc cancels), then runs `onConfirm`. */
export function ConfirmButton({
  label,
  title,
  message,
  confirmLabel = "Delete",
  onConfirm,
  variant = "danger",
  size = "sm",
}: {
  label: ReactNode;
  title: string;
  message: ReactNode;
  confirmLabel?: string;
  onConfirm: () => Promise<void>;
  variant?: "danger" | "secondary" | "ghost";
  size?: "sm" | "md";
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const tErrors = useTranslations("common.errors");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function confirm() {
    setBusy(true);
    setError(null);
    try {
      await onConfirm();
      ref.current?.close();
    } catch (err) {
      setError(errorMessage(err, tErrors));
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <Button variant={variant === "danger" ? "ghost-danger" : variant} size={size} onClick={() => ref.current?.showModal()}>
        {label}
      </Button>
      <dialog
        ref={ref}
        aria-labelledby={titleId}
        className="m-auto w-full max-w-md rounded-lg bg-white p-0 text-left shadow-xl backdrop:bg-slate-900/40"
        onClose={() => setError(null)}
      >
        <div className="p-6">
          <h2 id={titleId} className="text-base font-semibold text-slate-900">
            {title}
          </h2>
          <div className="mt-2 text-sm text-slate-600">{message}</div>
          {error && (
            <p role="alert" className="mt-3 text-sm text-red-600">
              {error}
            </p>
          )}
        </div>
        <div className="flex justify-end gap-2 rounded-b-lg bg-slate-50 px-6 py-3">
          <Button variant="secondary" onClick={() => ref.current?.close()} disabled={busy} autoFocus>
            Cancel
          </Button>
          <Button variant="danger" onClick={confirm} disabled={busy}>
            {busy ? "Working…" : confirmLabel}
          </Button>
        </div>
      </dialog>
    </>
  );
}
