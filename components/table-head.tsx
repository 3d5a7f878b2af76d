import type { ReactNode } from "react";
import { Th } from "./table";

export type Column = { label: ReactNode; className?: string; hidden?: boolean };

/** A table's header row, one cell a column; a `hidden` label is for screen readers only (an actions column). */
export function TableHead({ columns }: { columns: Column[] }) {
  return (
    <thead>
      <tr>
        {columns.map((c, i) => (
          <Th key={i} className={c.className}>
            {c.hidden ? <span className="sr-only">{c.label}</span> : c.label}
          </Th>
        ))}
      </tr>
    </thead>
  );
}
