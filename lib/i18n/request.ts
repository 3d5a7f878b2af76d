import { cookies, headers } from "next/headers";
import { getRequestConfig } from "next-intl/server";
import { currentCaller } from "@/lib/web/current-caller";
import { DEFAULT_LOCALE, isLocale, LOCALE_COOKIE, localeFromAcceptLanguage, type Locale } from "./locales";
import { MESSAGES } from "./messages";

/** The person's own choice, else the browser's cookie, else what the browser asks for. */
export async function requestLocale(): Promise<Locale> {
  const caller = await currentCaller().catch(() => null);
  if (caller?.locale) return caller.locale;
  const cookie = (await cookies()).get(LOCALE_COOKIE)?.value;
  if (isLocale(cookie)) return cookie;
  return localeFromAcceptLanguage((await headers()).get("accept-language")) ?? DEFAULT_LOCALE;
}

export default getRequestConfig(async () => {
  const locale = await requestLocale();
  // Server-rendered times are UTC; components/time.tsx moves them to the viewer's zone once hydrated.
  return { locale, messages: MESSAGES[locale], timeZone: "UTC" };
});
