import type { ComponentProps, ReactNode } from "react";

export const inputClass =
  "block w-full rounded-md border-0 bg-white px-3 py-2 text-sm text-slate-900 shadow-sm ring-1 ring-inset ring-slate-300 placeholder:text-slate-400 focus:ring-2 focus:ring-inset focus:ring-indigo-600 focus:outline-none disabled:bg-slate-50 disabled:text-slate-500 aria-[invalid=true]:ring-red-400";

type FieldProps = { label: ReactNode; name: string; hint?: ReactNode; error?: string; className?: string; id?: string };
/** What a labelled control receives from its field: its id, name and the ARIA that ties it to the hint or error. */
type ControlProps = { id: string; name: string; "aria-invalid"?: true; "aria-describedby"?: string };

/** A label bound to its control, with an optional hint and the API's message for this field. */
export function Field({ label, id, hint, error, className = "", children }: { label: ReactNode; id: string; hint?: ReactNode; error?: string; className?: string; children: ReactNode }) {
  return (
    <div className={className}>
      <label htmlFor={id} className="block text-sm font-medium text-slate-700">
        {label}
      </label>
      <div className="mt-1">{children}</div>
      <FieldNote id={id} hint={hint} error={error} />
    </div>
  );
}

export function TextField({ label, name, hint, error, className, id, ...input }: FieldProps & Omit<ComponentProps<"input">, "className" | "id">) {
  return <Labelled field={{ label, name, hint, error, className, id }} control={(c) => <input {...c} className={inputClass} {...input} />} />;
}

export function TextAreaField({ label, name, hint, error, className, id, ...textarea }: FieldProps & Omit<ComponentProps<"textarea">, "className" | "id">) {
  return <Labelled field={{ label, name, hint, error, className, id }} control={(c) => <textarea {...c} className={inputClass} {...textarea} />} />;
}

export function SelectField({ label, name, hint, error, className, id, options, ...select }: FieldProps & Omit<ComponentProps<"select">, "className" | "id"> & { options: { value: string; label: string }[] }) {
  return (
    <Labelled
      field={{ label, name, hint, error, className, id }}
      control={(c) => (
        <select {...c} className={`${inputClass} pe-8`} {...select}>
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    />
  );
}

export function CheckboxField({ label, name, hint, error, className = "", id, ...input }: FieldProps & Omit<ComponentProps<"input">, "className" | "type" | "id">) {
  const c = controlProps({ name, id, hint, error });
  return (
    <div className={`flex items-start gap-3 ${className}`}>
      <input
        {...c}
        type="checkbox"
        className="mt-0.5 size-4 rounded border-slate-300 accent-indigo-600 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600"
        {...input}
      />
      <div className="text-sm">
        <label htmlFor={c.id} className="font-medium text-slate-700">
          {label}
        </label>
        <FieldNote id={c.id} hint={hint} error={error} tight />
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

/** The one wrapper of TextField, TextAreaField and SelectField: the label, the control, and its hint or error. */
function Labelled({ field, control }: { field: FieldProps; control: (props: ControlProps) => ReactNode }) {
  const c = controlProps(field);
  return (
    <Field label={field.label} id={c.id} hint={field.hint} error={field.error} className={field.className}>
      {control(c)}
    </Field>
  );
}

function controlProps({ name, id, hint, error }: Pick<FieldProps, "name" | "id" | "hint" | "error">): ControlProps {
  const fid = id ?? `f-${name}`;
  return { id: fid, name, "aria-invalid": error ? true : undefined, "aria-describedby": error ? `${fid}-error` : hint ? `${fid}-hint` : undefined };
}

function FieldNote({ id, hint, error, tight = false }: { id: string; hint?: ReactNode; error?: string; tight?: boolean }) {
  if (error)
    return (
      <p id={`${id}-error`} className={`${tight ? "" : "mt-1 "}text-xs text-red-600`}>
        {error}
      </p>
    );
  if (!hint) return null;
  return (
    <p id={`${id}-hint`} className={`${tight ? "" : "mt-1 "}text-xs text-slate-500`}>
      {hint}
    </p>
  );
}
