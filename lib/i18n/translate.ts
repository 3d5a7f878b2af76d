// Messages outside React: route handlers answering errors, and later emails, in a person's language.
import { createTranslator } from "next-intl";
import { issueMessage } from "./issues";
import { chooseLocale, LOCALE_COOKIE, type Locale } from "./locales";
import { MESSAGES } from "./messages";
import type { z } from "zod";

/** The language an API answer speaks: the person's choice, else the cookie, else Accept-Language. */
export function requestLocaleOf(request: Request, chosen?: Locale | null): Locale {
  const cookie = request.headers.get("cookie")?.match(new RegExp(`(?:^|;\\s*)${LOCALE_COOKIE}=([^;]*)`))?.[1];
  return chooseLocale(chosen, cookie, request.headers.get("accept-language"));
}

/** A validation issue's message in `locale`. */
export function localizedIssue(issue: z.core.$ZodIssue, locale: Locale): string {
  const t = createTranslator({ locale, messages: MESSAGES[locale], namespace: "validation" });
  const errors = createTranslator({ locale, messages: MESSAGES[locale], namespace: "errors" });
  return issueMessage(issue, locale, t, (key) => (errors.has(key as never) ? errors(key as never) : undefined));
}

/** An error's public message in `locale`: the `errors` message for its code when there is one, else its own words. */
export function localizedError(code: string, message: string, locale: Locale, values?: Record<string, string | number>): string {
  if (locale === "en") return message;
  const t = createTranslator({ locale, messages: MESSAGES[locale], namespace: "errors" });
  return t.has(code as never) ? t(code as never, values as never) : message;
}
