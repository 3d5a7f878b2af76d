// Text as rules and the classifier see it: the same words however they were typed, scanned or pointed.

// After NFKD: Latin accents and Hebrew niqqud and cantillation marks are all combining marks.
const COMBINING_MARKS = /\p{M}/gu;
// Geresh and gershayim, and the quotes people and OCR type in their place (מע"מ, מע״מ, מע”מ, מעמ).
const QUOTE_MARKS = /['"`´\u05F3\u05F4\u2018\u2019\u201A\u201B\u201C\u201D\u201E\u201F\u2032\u2033]/g;
// Final letters (ך ם ן ף ץ) are the same letters: folded, "חשבון*" finds "חשבונית".
const FINAL_LETTERS: Record<string, string> = { ך: "כ", ם: "מ", ן: "נ", ף: "פ", ץ: "צ" };
const FINAL_LETTER = /[ךםןףץ]/g;
const WORD = /[\p{L}\p{N}]+/gu;
const PATTERN_WORD = /[\p{L}\p{N}]+\*?/gu;
// One-letter Hebrew prefixes (and, the, in, to, from, that, as), which may stack: "ובחשבונית".
const HEBREW_PREFIX_LETTERS = "ובכלמהש";
const MAX_HEBREW_PREFIX = 3;

/** Lower case, no niqqud or accents, no geresh/gershayim or quote marks, final letters and compatibility forms folded. */
export function normalizeText(s: string): string {
  return s
    .normalize("NFKD")
    .replace(COMBINING_MARKS, "")
    .replace(QUOTE_MARKS, "")
    .replace(FINAL_LETTER, (c) => FINAL_LETTERS[c])
    .toLowerCase();
}

/** The words of a text, normalized: runs of letters and digits. */
export function words(s: string): string[] {
  return normalizeText(s).match(WORD) ?? [];
}

export type PhraseWord = { word: string; prefix: boolean };
export type Phrase = PhraseWord[];

/**
 * A rule's pattern as phrases: alternatives separated by commas or new lines, each a run of words;
 * a word ending in `*` also matches longer words ("invoice*" matches "invoices").
 */
export function parsePhrases(pattern: string): Phrase[] {
  return pattern
    .split(/[,\n]/)
    .map((alt) => (normalizeText(alt).match(PATTERN_WORD) ?? []).map((w) => (w.endsWith("*") ? { word: w.slice(0, -1), prefix: true } : { word: w, prefix: false })))
    .filter((p) => p.length > 0);
}

/** Whether the words contain the phrase, word for word; Hebrew words may carry attached prefixes. */
export function containsPhrase(text: string[], phrase: Phrase): boolean {
  if (phrase.length === 0) return false;
  outer: for (let i = 0; i + phrase.length <= text.length; i++) {
    for (let j = 0; j < phrase.length; j++) if (!wordMatches(text[i + j], phrase[j])) continue outer;
    return true;
  }
  return false;
}

export function wordMatches(actual: string, want: PhraseWord): boolean {
  const at = (offset: number) => (want.prefix ? actual.startsWith(want.word, offset) : actual.length === offset + want.word.length && actual.endsWith(want.word));
  if (at(0)) return true;
  if (!isHebrew(want.word)) return false;
  for (let k = 1; k <= MAX_HEBREW_PREFIX && k < actual.length; k++) {
    if (!HEBREW_PREFIX_LETTERS.includes(actual[k - 1])) return false;
    if (at(k)) return true;
  }
  return false;
}

export function isHebrew(word: string): boolean {
  const c = word.charCodeAt(0);
  return c >= 0x05d0 && c <= 0x05ea;
}

/** The bare address of a From header ("Acme <Billing@Acme.com>" → "billing@acme.com"). */
export function emailAddress(from: string | null | undefined): string | null {
  if (!from) return null;
  const angle = from.match(/<([^<>\s]+@[^<>\s]+)>/);
  const bare = angle?.[1] ?? from.match(/[^\s<>"',;]+@[^\s<>"',;]+/)?.[0];
  return bare ? bare.trim().toLowerCase().replace(/\.$/, "") : null;
}

export function emailDomain(address: string | null): string | null {
  const at = address?.lastIndexOf("@") ?? -1;
  return address && at >= 0 ? address.slice(at + 1) : null;
}
