"use client";

import { useCallback, useMemo, useState } from "react";
import { useForm, type DefaultValues, type FieldValues, type Path, type Resolver } from "react-hook-form";
import { toNestErrors } from "@hookform/resolvers";
import { useLocale, useTranslations } from "next-intl";
import { z } from "@/lib/zod";
import { issueMessage } from "@/lib/i18n/issues";
import { ApiError, formMessage } from "./api-client";

type Schema = z.ZodType<FieldValues, FieldValues>;

/**
 * A form validated in the browser by the schema its API route parses (react-hook-form), with the
 * same messages in the reader's language. `submit(action)` sends; a 422's field errors land beside
 * their fields (focus moves to the first), anything else shows in `<FormError message={formError}>`.
 */
export function useSchemaForm<S extends Schema>(schema: S, options: { defaultValues?: DefaultValues<z.input<S>> } = {}) {
  const locale = useLocale();
  const t = useTranslations("validation");
  const tErrors = useTranslations("errors");
  const tClient = useTranslations("common.errors");
  const [formError, setFormError] = useState<string | null>(null);
  const resolver = useMemo(() => schemaResolver(schema, (issue) => issueMessage(issue, locale, t, (k) => (tErrors.has(k as never) ? tErrors(k as never) : undefined))), [schema, locale, t, tErrors]);
  const form = useForm<z.input<S>, unknown, z.output<S>>({ resolver, defaultValues: options.defaultValues, mode: "onTouched" });
  const { errors } = form.formState;

  /** Props for a TextField/SelectField/TextAreaField/CheckboxField: registration, id and this field's message. */
  const field = useCallback(
    (name: Path<z.input<S>>) => ({ ...form.register(name), id: `f-${name}`, error: errorAt(errors, name) }),
    [form, errors],
  );

  const submit = (action: (values: z.output<S>) => Promise<unknown>) =>
    form.handleSubmit(async (values) => {
      setFormError(null);
      try {
        await action(values);
      } catch (err) {
        const known = (path: string) => path in (form.getValues() as object) || path.split(".")[0] in (form.getValues() as object);
        if (err instanceof ApiError) {
          const paths = Object.keys(err.fields).filter(known);
          paths.forEach((path, i) => form.setError(path as Path<z.input<S>>, { type: "server", message: err.fields[path] }, { shouldFocus: i === 0 }));
        }
        setFormError(formMessage(err, known, tClient));
      }
    });

  return { ...form, field, submit, busy: form.formState.isSubmitting, formError, setFormError };
}

/**
 * react-hook-form's resolver for a zod schema. Not @hookform/resolvers' zodResolver: that one keeps each
 * schema's English words, and this one words each issue for the reader (nesting as the library does it).
 */
function schemaResolver<S extends Schema>(schema: S, message: (issue: z.core.$ZodIssue) => string): Resolver<z.input<S>, unknown, z.output<S>> {
  return async (values, _context, options) => {
    const result = await schema.safeParseAsync(values);
    if (result.success) return { values: result.data, errors: {} };
    const flat: Record<string, { type: string; message: string }> = {};
    for (const issue of result.error.issues) {
      const path = issue.path.join(".");
      flat[path] ??= { type: issue.code, message: message(issue) };
    }
    return { values: {}, errors: toNestErrors(flat, options) };
  };
}

function errorAt(errors: object, name: string): string | undefined {
  let node: unknown = errors;
  for (const part of name.split(".")) node = (node as Record<string, unknown> | undefined)?.[part];
  const message = (node as { message?: unknown } | undefined)?.message;
  return typeof message === "string" ? message : undefined;
}
