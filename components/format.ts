// Locale-aware formatting shared by server and client components: one formatter each for money,
// numbers, calendar days, times, sizes and durations. Pages take them bound to the reader's
// language from `useFormat()` (client and synchronous server components) or
// `formatters(await getLocale())` (async server components).
import { useLocale } from "next-intl";
import { DEFAULT_LOCALE, type Locale } from "@/lib/i18n/locales";

export type Formatters = ReturnType<typeof formatters>;

export function formatters(locale: Locale) {
  return {
    locale,
    money: (value: number | string | null | undefined, currency?: string | null) => formatMoney(value, currency, locale),
    number: (value: number | null | undefined) => formatNumber(value, locale),
    day: (value: string | null | undefined) => formatDay(value, locale),
    dateTime: (value: Date | string | null | undefined, timeZone?: string) => formatDateTime(value, timeZone, locale),
    relative: (value: Date | string, now?: number) => relativeTime(value, now, locale),
    bytes: (n: number) => formatBytes(n, locale),
    duration: (from: Date | string, to: Date | string | null) => formatDuration(from, to, locale),
  };
}

/** The formatters in the reader's language. */
export function useFormat(): Formatters {
  return formatters(useLocale());
}

export function formatBytes(n: number, locale: Locale = DEFAULT_LOCALE): string {
  const [value, unit] = n < 1024 ? [n, "byte"] : n < 1024 * 1024 ? [n / 1024, "kilobyte"] : [n / 1024 / 1024, "megabyte"];
  const digits = unit === "byte" || (unit === "kilobyte" && n >= 10 * 1024) ? 0 : 1;
  // English writes bytes as "25 B"; Intl's English unit for them is "byte", its Hebrew one reads well.
  if (unit === "byte" && locale === "en") return `${n} B`;
  return new Intl.NumberFormat(locale, { style: "unit", unit, unitDisplay: "short", maximumFractionDigits: digits, minimumFractionDigits: digits }).format(value);
}

const STEPS: [Intl.RelativeTimeFormatUnit, number][] = [
  ["second", 60],
  ["minute", 60],
  ["hour", 24],
  ["day", 30],
  ["month", 12],
  ["year", Infinity],
];

/** "5 minutes ago", "now", "in 2 days". */
export function relativeTime(value: Date | string, now = Date.now(), locale: Locale = DEFAULT_LOCALE): string {
  const rtf = new Intl.RelativeTimeFormat(locale, { numeric: "auto" });
  let diff = (new Date(value).getTime() - now) / 1000;
  if (Math.abs(diff) < 45) return rtf.format(0, "second");
  for (const [unit, size] of STEPS) {
    if (Math.abs(diff) < size) return rtf.format(Math.round(diff), unit);
    diff /= size;
  }
  return rtf.format(Math.round(diff), "year");
}

export function formatDateTime(value: Date | string | null | undefined, timeZone?: string, locale: Locale = DEFAULT_LOCALE): string {
  if (!value) return "—";
  return new Intl.DateTimeFormat(dateLocale(locale), { dateStyle: "medium", timeStyle: "short", timeZone }).format(new Date(value));
}

/** "45s", "3m 5s" (or the reader's language's short units). */
export function formatDuration(from: Date | string, to: Date | string | null, locale: Locale = DEFAULT_LOCALE): string {
  if (!to) return "—";
  const s = Math.max(0, Math.round((new Date(to).getTime() - new Date(from).getTime()) / 1000));
  const unit = (n: number, u: "minute" | "second") => new Intl.NumberFormat(locale, { style: "unit", unit: u, unitDisplay: "narrow" }).format(n);
  return s < 60 ? unit(s, "second") : `${unit(Math.floor(s / 60), "minute")} ${unit(s % 60, "second")}`;
}

/** A short human type for a MIME type: the same in every language. */
export function fileKind(contentType: string): string {
  if (contentType === "application/pdf") return "PDF";
  if (contentType === "application/xml") return "XML";
  if (contentType.startsWith("image/")) return contentType.slice(6).toUpperCase().replace("JPEG", "JPG");
  return contentType;
}

/** An amount with its currency when the code is known, e.g. "₪1,234.50"; else the number with the code after it. */
export function formatMoney(value: number | string | null | undefined, currency?: string | null, locale: Locale = DEFAULT_LOCALE): string {
  if (value === null || value === undefined || value === "") return "—";
  const n = typeof value === "number" ? value : Number(value);
  if (!Number.isFinite(n)) return String(value);
  const code = typeof currency === "string" && /^[A-Za-z]{3}$/.test(currency) ? currency.toUpperCase() : null;
  if (code) {
    try {
      return new Intl.NumberFormat(locale, { style: "currency", currency: code }).format(n);
    } catch {
      // Not a code Intl knows: fall through to the plain number.
    }
  }
  return `${new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 4 }).format(n)}${code ? ` ${code}` : ""}`;
}

/** A plain number for tables, e.g. 1,234.5 or 2. */
export function formatNumber(value: number | null | undefined, locale: Locale = DEFAULT_LOCALE): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return "—";
  return new Intl.NumberFormat(locale, { maximumFractionDigits: 4 }).format(value);
}

/** A calendar date (yyyy-mm-dd) as "12 Mar 2025", the same in every time zone. */
export function formatDay(value: string | null | undefined, locale: Locale = DEFAULT_LOCALE): string {
  if (!value) return "—";
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
  const d = new Date(`${value}T00:00:00Z`);
  return Number.isNaN(d.getTime()) ? value : new Intl.DateTimeFormat(dateLocale(locale), { dateStyle: "medium", timeZone: "UTC" }).format(d);
}

// English dates read day-first ("12 Mar 2025"), as they always have here.
const dateLocale = (locale: Locale) => (locale === "en" ? "en-GB" : locale);
