// What every chart shares: its palette, the axes' type, and how days and months are written.
import { direction, type Locale } from "@/lib/i18n/locales";

export const STATUS_COLORS = { pending: "#94a3b8", processing: "#6366f1", completed: "#10b981", error: "#ef4444" } as const;
/** Distinct, readable on white, and not the statuses' red and green first. */
export const SERIES_COLORS = ["#6366f1", "#f59e0b", "#0ea5e9", "#ec4899", "#14b8a6", "#8b5cf6", "#84cc16", "#f97316"];
export const UNCATEGORISED_COLOR = "#cbd5e1";
export const GRID_COLOR = "#e2e8f0";
export const TICK = { fontSize: 11, fill: "#64748b" };

/** Right-to-left readers read time from right to left: the newest day is on the left and the values' axis on the right. */
export function axesFor(locale: Locale) {
  const rtl = direction(locale) === "rtl";
  return { reversed: rtl, valueAxis: rtl ? ("right" as const) : ("left" as const) };
}

const dateLocale = (locale: Locale) => (locale === "en" ? "en-GB" : locale);

/** "3 Dec" from yyyy-mm-dd, the same in every time zone (the day is already the company's). */
export function shortDay(day: string, locale: Locale) {
  return new Intl.DateTimeFormat(dateLocale(locale), { day: "numeric", month: "short", timeZone: "UTC" }).format(new Date(`${day}T00:00:00Z`));
}

export function longDay(day: string, locale: Locale) {
  return new Intl.DateTimeFormat(dateLocale(locale), { weekday: "short", day: "numeric", month: "long", timeZone: "UTC" }).format(new Date(`${day}T00:00:00Z`));
}

/** "Dec" or "Dec 2026" from yyyy-mm. */
export function monthName(month: string, locale: Locale, withYear = false) {
  return new Intl.DateTimeFormat(dateLocale(locale), { month: withYear ? "long" : "short", year: withYear ? "numeric" : undefined, timeZone: "UTC" }).format(new Date(`${month}-01T00:00:00Z`));
}

/** 12K, 1.2M: an axis has little room. */
export function compactNumber(n: number, locale: Locale) {
  return new Intl.NumberFormat(locale, { notation: "compact", maximumFractionDigits: 1 }).format(n);
}

/** A currency's name in the reader's language ("US Dollar", "דולר אמריקאי"), or its code when Intl does not know it. */
export function currencyName(code: string, locale: Locale) {
  try {
    return new Intl.DisplayNames([locale], { type: "currency" }).of(code) ?? code;
  } catch {
    return code;
  }
}
