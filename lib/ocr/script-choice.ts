// Pools that read Hebrew and English in one worker pay for it on English pages: with both
// models loaded, Tesseract lets the Hebrew one answer for words the English one doubts, and it
// answers numbers wrongly ("Invoice No: 1057" reads "Invoice No: 7", "TP-7820" reads "0"), while
// English alone reads them right, and twice as fast. So every page is read first with the Latin
// languages, and again with both (a model switch, about 130 ms, and a second reading) only when
// that reading says the page may be in the other script: a line it could not read (a Hebrew line
// on an English invoice) or little confidence overall. Always starting from the same mode keeps
// a page's text independent of the pages read before it.
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

/** Whether a page read with the Latin languages alone may be in the other script, and is read again with both. */
export function mayBeOtherScript(latinReading: Reading): boolean {
  return latinReading.confidence < LATIN_CONFIDENT || latinReading.weakestLine < LATIN_LINE_DOUBT;
}

/** Which reading of such a page is kept: the one with both scripts when it finds Hebrew, else the more confident. */
export function keepReading(latinReading: Reading, bothReading: Reading): "latin" | "both" {
  if (hebrewShare(bothReading.text) >= HEBREW_PAGE_SHARE) return "both";
  return bothReading.confidence > latinReading.confidence ? "both" : "latin";
}
