// Pools that read Hebrew and English in one worker pay for it on English pages: with both
// models loaded, Tesseract lets the Hebrew one answer for words the English one doubts, and it
// answers numbers wrongly ("Invoice No: 1057" reads "Invoice No: 7", "TP-7820" reads "0"), while
// English alone reads them right, and twice as fast. So a worker reads each page with the
// languages of the script it last saw, and changes (about 130 ms) only when the page says it is
// in the other script: an English reading with a line it could not read (a Hebrew line on an
// English invoice) or little confidence overall, or a full reading with no Hebrew in it. Runs
// of pages in one script, the usual mail, cost one reading each.
import { DIGIT_LOSING_LANGS } from "./numbers";

export type ScriptMode = "all" | "latin";

/** Under this, an English-only reading may be of a page in another script (fixture scans: English 84-92, Hebrew 35-57). */
export const LATIN_CONFIDENT = 70;
/** A line English reads this badly may be Hebrew (a Hebrew line on an English page: 34; its other lines 92-96). */
export const LATIN_LINE_DOUBT = 50;
/** A page has Hebrew when at least this share of its letters is Hebrew. Stray misreads on English scans: under 0.5%. */
export const HEBREW_PAGE_SHARE = 0.02;

/** The languages for pages in Latin script, or null when the pool has no choice to make. */
export function latinLanguages(langs: string[]): string[] | null {
  const latin = langs.filter((l) => !DIGIT_LOSING_LANGS.includes(l));
  return latin.includes("eng") && latin.length < langs.length ? latin : null;
}

export function hebrewShare(text: string): number {
  const letters = text.match(/\p{L}/gu)?.length ?? 0;
  const hebrew = text.match(/[\u05D0-\u05EA]/g)?.length ?? 0;
  return letters ? hebrew / letters : 0;
}

type Reading = { text: string; confidence: number; weakestLine: number };

/**
 * Which reading of a page to keep, and which mode its worker should be in for it: given the first
 * reading in the worker's `mode`, says whether to read again in the other mode, and then which wins.
 */
export function needsOtherMode(mode: ScriptMode, first: Reading): boolean {
  return mode === "all" ? hebrewShare(first.text) < HEBREW_PAGE_SHARE : first.confidence < LATIN_CONFIDENT || first.weakestLine < LATIN_LINE_DOUBT;
}

export function better(mode: ScriptMode, first: Reading, second: Reading): "first" | "second" {
  // From "all" to "latin": the page has no Hebrew, and English alone reads it better.
  if (mode === "all") return "second";
  // From "latin" to "all": a page with Hebrew is read with Hebrew; otherwise the more confident reading.
  if (hebrewShare(second.text) >= HEBREW_PAGE_SHARE) return "second";
  return second.confidence > first.confidence ? "second" : "first";
}
