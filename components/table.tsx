import type { ComponentProps, ReactNode } from "react";

/**
 * A table; with `cards`, below the sm breakpoint (640 px) each row becomes a card of its own and the
 * header is hidden, so a phone never scrolls sideways. Rows then lay out their cells with `CardRow`.
 */
export function Table({ children, label, cards = false }: { children: ReactNode; label?: string; cards?: boolean }) {
  if (cards) {
    return (
      <div className="relative sm:overflow-x-auto sm:rounded-lg sm:border sm:border-slate-200 sm:bg-white sm:shadow-sm">
        <table className="block min-w-full text-sm sm:table sm:divide-y sm:divide-slate-200" aria-label={label}>
          {children}
        </table>
      </div>
    );
  }
  return (
    // relative: a visually hidden (absolute) label in a cell stays inside the scroller, not widening the page.
    <div className="relative overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm">
      <table className="min-w-full divide-y divide-slate-200 text-sm" aria-label={label}>
        {children}
      </table>
    </div>
  );
}

/** The header row of a `cards` table: only from sm up, where the rows are rows. */
export function CardHead({ children }: { children: ReactNode }) {
  return (
    <thead className="hidden sm:table-header-group">
      <tr>{children}</tr>
    </thead>
  );
}

export function Th({ className = "", ...props }: ComponentProps<"th">) {
  const align = /\btext-(left|right|center|start|end)\b/.test(className) ? "" : "text-start";
  return <th scope="col" className={`bg-slate-50 px-4 py-2.5 text-xs font-semibold tracking-wide text-slate-500 uppercase ${align} ${className}`} {...props} />;
}

export function Td({ className = "", ...props }: ComponentProps<"td">) {
  return <td className={`px-4 py-3 align-top text-slate-700 ${className}`} {...props} />;
}

export function Tbody({ children, cards = false }: { children: ReactNode; cards?: boolean }) {
  return <tbody className={cards ? "block space-y-3 sm:table-row-group sm:space-y-0 sm:divide-y sm:divide-slate-100" : "divide-y divide-slate-100"}>{children}</tbody>;
}

/** A row of a `cards` table: a two-column card on a phone (place cells with `cardCell`), a table row from sm up. */
export function CardRow({ className = "", ...props }: ComponentProps<"tr">) {
  return (
    <tr
      className={`grid grid-cols-[minmax(0,1fr)_auto] gap-x-4 gap-y-2 rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200 sm:table-row sm:rounded-none sm:bg-transparent sm:p-0 sm:shadow-none sm:ring-0 ${className}`}
      {...props}
    />
  );
}

/**
 * A cell of a `CardRow`. `card` places it in the phone card (grid classes, ignored from sm up). A `wideOnly`
 * cell is a column only on wide screens (2xl); below, its row shows the content elsewhere.
 */
export function CardCell({ className = "", card = "col-span-2", wideOnly = false, ...props }: ComponentProps<"td"> & { card?: string; wideOnly?: boolean }) {
  const display = wideOnly ? "hidden 2xl:table-cell" : `block min-w-0 ${card} sm:table-cell`;
  return <td className={`${display} align-top text-slate-700 sm:px-4 sm:py-3 ${className}`} {...props} />;
}
