import type { ReactNode } from "react";
import { Button } from "@/components/button";
import { Card } from "@/components/card";
import { FormError } from "@/components/form-fields";
import { Th } from "@/components/table";

/** One part of a settings page: a heading, what it is for, and its list or (with `card`) its form in a card. */
export function SettingsSection({ id, title, description, card = false, children }: { id: string; title: ReactNode; description?: ReactNode; card?: boolean; children: ReactNode }) {
  return (
    <section aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`} className="text-lg font-semibold text-slate-900">
        {title}
      </h2>
      {description && <p className="mt-1 text-sm text-slate-500">{description}</p>}
      <div className="mt-4">{card ? <Card>{children}</Card> : children}</div>
    </section>
  );
}

/** The tags settings messages use: <hidden> for words only a screen reader needs, <bdi> for a person's data within a sentence. */
export const RICH = {
  hidden: (chunks: ReactNode) => <span className="sr-only">{chunks}</span>,
  bdi: (chunks: ReactNode) => <bdi>{chunks}</bdi>,
};

/** A settings table's header: its columns, then (unnamed on screen) the column of row actions when `actions` names it. */
export function TableHead({ columns, actions }: { columns: string[]; actions?: string }) {
  return (
    <thead>
      <tr>
        {columns.map((c) => (
          <Th key={c}>{c}</Th>
        ))}
        {actions && (
          <Th>
            <span className="sr-only">{actions}</span>
          </Th>
        )}
      </tr>
    </thead>
  );
}

/** A form's last row: its submit button (busy while sending), what it says once done, and the API's message. */
export function SubmitRow({ label, busyLabel, busy, disabled = false, done, error }: { label: string; busyLabel: string; busy: boolean; disabled?: boolean; done?: ReactNode; error: string | null }) {
  return (
    <>
      <div className="flex flex-wrap items-center gap-3">
        <Button type="submit" disabled={busy || disabled}>
          {busy ? busyLabel : label}
        </Button>
        {done && (
          <p role="status" className="text-sm text-emerald-700">
            {done}
          </p>
        )}
      </div>
      <FormError message={error} />
    </>
  );
}
