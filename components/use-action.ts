"use client";

import { useCallback, useState } from "react";
import { useTranslations } from "next-intl";
import { ApiError, errorMessage, focusFirstInvalid, formMessage, type FieldErrors } from "./api-client";

/**
 * The busy flag and error message of one button or form that calls the API: `run` clears the
 * error, marks busy, and keeps the thrown message for the person to read.
 */
export function useAction() {
  const t = useTranslations("common.errors");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = useCallback(
    async (action: () => Promise<unknown>, onError: (err: unknown) => string | null = (err) => errorMessage(err, t)) => {
      setBusy(true);
      setError(null);
      try {
        await action();
        return true;
      } catch (err) {
        setError(onError(err));
        return false;
      } finally {
        setBusy(false);
      }
    },
    [t],
  );
  return { busy, error, setError, run };
}

/**
 * `useAction` for a form whose fields the API checks: its per-field messages go beside the
 * fields named in `known` (the message above the form only says what they do not), and
 * keyboard focus moves to the first field in error. Forms built from a schema use `useSchemaForm`.
 */
export function useFormAction(known: readonly string[]) {
  const t = useTranslations("common.errors");
  const { busy, error, setError, run } = useAction();
  const [fields, setFields] = useState<FieldErrors>({});
  const submit = useCallback(
    async (form: HTMLFormElement | null, action: () => Promise<unknown>) => {
      setFields({});
      return run(action, (err) => {
        if (err instanceof ApiError) setFields(err.fields);
        focusFirstInvalid(form);
        return formMessage(err, (p) => known.includes(p), t);
      });
    },
    [run, known, t],
  );
  return { busy, error, setError, fields, setFields, submit };
}
