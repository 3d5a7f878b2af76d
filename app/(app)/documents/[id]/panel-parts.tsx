"use client";

// What the fields panel and the line-items panel share: the frame, the header with its Edit button,
// the saved notice, the editor's buttons and keys, and the state of a panel that edits in place.
import { useTranslations } from "next-intl";
import { useRef, useState, type KeyboardEvent, type ReactNode, type RefObject } from "react";
import { Button } from "@/components/button";
import { FormError } from "@/components/form-fields";

/** A view/editor panel's state: the server's data (replaced on refresh), a saved answer shown at once, editing or not. */
export function useEditablePanel<T>(server: T) {
  const [prev, setPrev] = useState(server);
  const [data, setData] = useState(server);
  if (prev !== server) {
    setPrev(server);
    setData(server);
  }
  const [editing, setEditing] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const editButton = useRef<HTMLButtonElement>(null);
  const open = () => {
    setNotice(null);
    setEditing(true);
  };
  const close = (message: string | null = null) => {
    setEditing(false);
    setNotice(message);
    requestAnimationFrame(() => editButton.current?.focus());
  };
  return { data, setData, editing, open, close, notice, editButton };
}

export function PanelFrame({ editing, titleId, className = "", children }: { editing: boolean; titleId: string; className?: string; children: ReactNode }) {
  return (
    <section className={`rounded-lg border bg-white shadow-sm ${editing ? "border-indigo-200 ring-1 ring-indigo-100" : "border-slate-200"} ${className}`} aria-labelledby={titleId}>
      {children}
    </section>
  );
}

/** The panel's title line; the Edit button while not editing. */
export function PanelHeader({ titleId, title, extra, edit }: { titleId: string; title: string; extra?: ReactNode; edit?: { label: string; onClick: () => void; ref: RefObject<HTMLButtonElement | null> } }) {
  return (
    <div className="flex flex-wrap items-center justify-between gap-3 border-b border-slate-200 px-5 py-3">
      <h2 id={titleId} className="flex items-center gap-2 text-sm font-semibold text-slate-900">
        {title}
        {extra}
      </h2>
      {edit && (
        <Button ref={edit.ref} variant="secondary" size="sm" onClick={edit.onClick} aria-describedby={titleId}>
          {edit.label}
        </Button>
      )}
    </div>
  );
}

export function SavedNotice({ message, className = "" }: { message: string | null; className?: string }) {
  if (!message) return null;
  return (
    <p role="status" className={`text-xs text-emerald-700 ${className}`}>
      {message}
    </p>
  );
}

/** Escape cancels; Ctrl+Enter saves from anywhere, and Enter from a select (text inputs submit on Enter by themselves). */
export function editorKeys(cancel: () => void) {
  return (e: KeyboardEvent<HTMLFormElement>) => {
    if (e.key === "Escape") {
      e.preventDefault();
      cancel();
    } else if (e.key === "Enter" && (e.ctrlKey || e.metaKey || e.target instanceof HTMLSelectElement)) {
      e.preventDefault();
      e.currentTarget.requestSubmit();
    }
  };
}

/** Save and Cancel, the form's error, more buttons, and a reminder of the keys. */
export function EditorButtons({ busy, saveLabel, onCancel, formError, keys, children }: { busy: boolean; saveLabel?: string; onCancel: () => void; formError: string | null; keys: ReactNode; children?: ReactNode }) {
  const t = useTranslations("common.actions");
  return (
    <div className="space-y-3">
      <FormError message={formError} />
      <div className="flex flex-wrap items-center gap-2">
        <Button type="submit" size="sm" disabled={busy}>
          {busy ? t("saving") : (saveLabel ?? t("save"))}
        </Button>
        <Button variant="secondary" size="sm" onClick={onCancel} disabled={busy}>
          {t("cancel")}
        </Button>
        {children}
        <span className="ms-auto text-[11px] text-slate-500">{keys}</span>
      </div>
    </div>
  );
}

/** A key's name as a small keycap, for `t.rich(…, { kbd })`. */
export const kbd = (chunks: ReactNode) => <kbd className="rounded border border-slate-300 bg-slate-50 px-1 font-sans">{chunks}</kbd>;
