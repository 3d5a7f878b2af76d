import { cookies, headers } from "next/headers";
import { getRequestConfig } from "next-intl/server";
import { currentCaller } from "@/lib/web/current-caller";
import { chooseLocale, LOCALE_COOKIE, type Locale } from "./locales";
import { MESSAGES } from "./messages";

/** The language this page speaks (see chooseLocale). */
export async function requestLocale(): Promise<Locale> {
  const caller = await currentCaller().catch(() => null);
  return chooseLocale(caller?.locale, (await cookies()).get(LOCALE_COOKIE)?.value, (await headers()).get("accept-language"));
}

export default getRequestConfig(async () => {
  const locale = await requestLocale();
  // Server-rendered times are UTC; components/time.tsx moves them to the viewer's zone once hydrated.
  return { locale, messages: MESSAGES[locale], timeZone: "UTC" };
});
