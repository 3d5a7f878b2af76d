"use client";

import type { ReactNode } from "react";

/**
 * One choice among a few, as a row of buttons: native radios underneath, so Tab reaches the chosen one,
 * the arrow keys move the choice, and screen readers hear a group with its legend.
 */
export function ChoiceButtons<V extends string>({ legend, name, options, value, onChange, describedBy, className = "" }: {
  legend: ReactNode;
  name: string;
  options: { value: V; label: string }[];
  value: V;
  onChange: (value: V) => void;
  describedBy?: string;
  className?: string;
}) {
  return (
    <fieldset className={className} aria-describedby={describedBy}>
      <legend className="block text-sm font-medium text-slate-700">{legend}</legend>
      <div className="mt-1 flex flex-wrap gap-2">
        {options.map((o) => (
          <label
            key={o.value}
            className="cursor-pointer rounded-md bg-white px-3 py-1.5 text-sm font-medium text-slate-700 shadow-sm ring-1 ring-inset ring-slate-300 hover:bg-slate-50 has-checked:bg-indigo-600 has-checked:text-white has-checked:ring-indigo-600 has-focus-visible:outline-2 has-focus-visible:outline-offset-2 has-focus-visible:outline-indigo-600"
          >
            <input type="radio" name={name} value={o.value} checked={value === o.value} onChange={() => onChange(o.value)} className="sr-only" />
            {o.label}
          </label>
        ))}
      </div>
    </fieldset>
  );
}
