// The languages Mailroom speaks. Pure data: the browser, the server and the database schema share it.

export const LOCALES = ["en", "he"] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = "en";

/** Where a signed-out browser keeps its choice; a signed-in person's choice is stored on their row. */
export const LOCALE_COOKIE = "mailroom_locale";

/** Each language named in itself, as a switch shows it. */
export const LOCALE_NAMES: Record<Locale, string> = { en: "English", he: "עברית" };

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (LOCALES as readonly string[]).includes(value);
}

export function direction(locale: Locale): "ltr" | "rtl" {
  return locale === "he" ? "rtl" : "ltr";
}

/**
 * The best language an Accept-Language header asks for, by its q-values; `iw` is Hebrew's old
 * code, still sent by some browsers.
 */
export function localeFromAcceptLanguage(header: string | null | undefined): Locale {
  if (!header) return DEFAULT_LOCALE;
  const wanted = header
    .split(",")
    .slice(0, 30)
    .map((part, index) => {
      const [tag, ...params] = part.trim().toLowerCase().split(";");
      const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
      return { base: tag.split("-")[0], q: q ? Number(q.slice(2)) : 1, index };
    })
    .filter((w) => Number.isFinite(w.q) && w.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  for (const w of wanted) {
    const base = w.base === "iw" ? "he" : w.base;
    if (isLocale(base)) return base;
  }
  return DEFAULT_LOCALE;
}

/** The person's own choice, else the browser's cookie, else what the browser asks for. */
export function chooseLocale(chosen: Locale | null | undefined, cookie: string | undefined, acceptLanguage: string | null): Locale {
  if (chosen) return chosen;
  if (isLocale(cookie)) return cookie;
  return localeFromAcceptLanguage(acceptLanguage);
}
