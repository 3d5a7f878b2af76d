import type { ComponentProps, ReactNode } from "react";

export const inputClass =
  "block w-full rounded-md border-0 bg-white px-3 py-2 text-sm text-slate-900 shadow-sm ring-1 ring-inset ring-slate-300 placeholder:text-slate-400 focus:ring-2 focus:ring-inset focus:ring-indigo-600 focus:outline-none disabled:bg-slate-50 disabled:text-slate-500 aria-[invalid=true]:ring-red-400";

type FieldProps = { label: ReactNode; name: string; hint?: ReactNode; error?: string; className?: string };

/** A label bound to its control, with an optional hint and the API's message for this field. */
export function Field({ label, id, hint, error, className = "", children }: { label: ReactNode; id: string; hint?: ReactNode; error?: string; className?: string; children: ReactNode }) {
  return (
    <div className={className}>
      <label htmlFor={id} className="block text-sm font-medium text-slate-700">
        {label}
      </label>
      <div className="mt-1">{children}</div>
      {error ? (
        <p id={`${id}-error`} className="mt-1 text-xs text-red-600">
          {error}
        </p>
      ) : hint ? (
        <p id={`${id}-hint`} className="mt-1 text-xs text-slate-500">
          {hint}
        </p>
      ) : null}
    </div>
  );
}

export function TextField({ label, name, hint, error, className, id, ...input }: FieldProps & Omit<ComponentProps<"input">, "className">) {
  const fid = id ?? `f-${name}`;
  return (
    <Field label={label} id={fid} hint={hint} error={error} className={className}>
      <input
        id={fid}
        name={name}
        className={inputClass}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(fid, error, hint)}
        {...input}
      />
    </Field>
  );
}

export function TextAreaField({ label, name, hint, error, className, id, ...textarea }: FieldProps & Omit<ComponentProps<"textarea">, "className">) {
  const fid = id ?? `f-${name}`;
  return (
    <Field label={label} id={fid} hint={hint} error={error} className={className}>
      <textarea id={fid} name={name} className={inputClass} aria-invalid={error ? true : undefined} aria-describedby={describedBy(fid, error, hint)} {...textarea} />
    </Field>
  );
}

export function SelectField({ label, name, hint, error, className, id, options, ...select }: FieldProps & Omit<ComponentProps<"select">, "className"> & { options: { value: string; label: string }[] }) {
  const fid = id ?? `f-${name}`;
  return (
    <Field label={label} id={fid} hint={hint} error={error} className={className}>
      <select
        id={fid}
        name={name}
        className={`${inputClass} pe-8`}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(fid, error, hint)}
        {...select}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </Field>
  );
}

export function CheckboxField({ label, name, hint, className = "", id, ...input }: Omit<FieldProps, "error"> & Omit<ComponentProps<"input">, "className" | "type">) {
  const fid = id ?? `f-${name}`;
  return (
    <div className={`flex items-start gap-3 ${className}`}>
      <input
        id={fid}
        name={name}
        type="checkbox"
        className="mt-0.5 size-4 rounded border-slate-300 accent-indigo-600 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600"
        aria-describedby={hint ? `${fid}-hint` : undefined}
        {...input}
      />
      <div className="text-sm">
        <label htmlFor={fid} className="font-medium text-slate-700">
          {label}
        </label>
        {hint && (
          <p id={`${fid}-hint`} className="text-xs text-slate-500">
            {hint}
          </p>
        )}
      </div>
    </div>
  );
}

/** The API's message shown next to a form; `role="alert"` so screen readers hear it. */
export function FormError({ message }: { message?: string | null }) {
  if (!message) return null;
  return (
    <div role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-700">
      {message}
    </div>
  );
}

export function Fieldset({ legend, description, children }: { legend: string; description?: ReactNode; children: ReactNode }) {
  return (
    <fieldset className="border-t border-slate-200 pt-6">
      <legend className="-mt-3 bg-white pe-2 text-sm font-semibold text-slate-900">{legend}</legend>
      {description && <p className="mb-4 text-xs text-slate-500">{description}</p>}
      <div className="grid gap-4 sm:grid-cols-2">{children}</div>
    </fieldset>
  );
}

function describedBy(id: string, error: unknown, hint: unknown): string | undefined {
  return error ? `${id}-error` : hint ? `${id}-hint` : undefined;
}
