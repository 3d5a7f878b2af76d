// A validation issue in the reader's language. English keeps each schema's own words (what the
// API has always answered); other languages, and zod's generic wording ("Too big: expected string
// to have <=300 characters"), say the same from the issue's code and limits.
import { z } from "../zod";
import type { Locale } from "./locales";

type Issue = z.core.$ZodIssue;
/** The `validation` namespace's translator, as next-intl's `useTranslations`/`createTranslator` give it. */
export type ValidationT = (key: ValidationKey, values?: Record<string, string | number>) => string;
type ValidationKey =
  | "required" | "tooShort" | "tooLong" | "tooSmall" | "tooBig" | "tooFewItems" | "tooManyItems"
  | "email" | "url" | "format" | "number" | "integer" | "oneOf" | "invalid";

/** Schemas may name a message of their own for a custom issue: `{ params: { i18n: "key" } }`, looked up by `custom`. */
export function issueMessage(issue: Issue, locale: Locale, t: ValidationT, custom?: (key: string) => string | undefined): string {
  if (locale === "en" && !isZodDefault(issue)) return issue.message;
  const key = (issue as { params?: { i18n?: unknown } }).params?.i18n;
  if (typeof key === "string") return custom?.(key) ?? t("invalid");
  switch (issue.code) {
    case "invalid_type":
      // Issues carry their input only when asked to; zod's own sentence names what it received.
      if ("input" in issue ? issue.input === undefined || issue.input === null || issue.input === "" : /received (undefined|null)$/.test(issue.message)) return t("required");
      return issue.expected === "number" || issue.expected === "int" ? t("number") : t("invalid");
    case "too_small": {
      const minimum = Number(issue.minimum);
      if (issue.origin === "string") return minimum <= 1 ? t("required") : t("tooShort", { minimum });
      if (issue.origin === "array" || issue.origin === "set") return t("tooFewItems", { minimum });
      return t("tooSmall", { minimum });
    }
    case "too_big": {
      const maximum = Number(issue.maximum);
      if (issue.origin === "string") return t("tooLong", { maximum });
      if (issue.origin === "array" || issue.origin === "set") return t("tooManyItems", { maximum });
      return t("tooBig", { maximum });
    }
    case "invalid_format":
      return issue.format === "email" ? t("email") : issue.format === "url" ? t("url") : t("format");
    case "not_multiple_of":
      return t("integer");
    case "invalid_value":
      return t("oneOf");
    default:
      return t("invalid");
  }
}

/** Whether the message is zod's own generic sentence rather than one a schema wrote. */
function isZodDefault(issue: Issue): boolean {
  if (issue.code === "invalid_type") return issue.message.startsWith("Invalid input: expected ");
  return issue.message === z.config().localeError?.(issue as never);
}
