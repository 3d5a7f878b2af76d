// Low-level readers shared by the rules extractor: text clean-up, amounts, dates, identifiers.
// Everything here is deterministic and works on one line at a time; spans are character offsets
// into that line, so callers can tell which label a value sits next to.
import { distance } from "fastest-levenshtein";

/** Bidi controls, zero-width marks and look-alike quotes that PDF text layers and OCR leave behind. */
export function normalizeText(text: string): string {
  return text
    .replace(/\r\n?/g, "\n")
    .replace(/[\u200B-\u200F\u202A-\u202E\u2066-\u2069\uFEFF\u00AD]/g, "")
    .replace(/[\u00A0\u2007\u202F\u2009]/g, " ")
    .replace(/\t/g, "    ")
    .replace(/[\u05F4\u201C\u201D\u201E\u2033\u00AB\u00BB]/g, '"')
    .replace(/[\u05F3\u2018\u2019\u2032\u0060\u00B4]/g, "'")
    .replace(/''/g, '"')
    .replace(/[\u2212\u2012\u2013]/g, "-")
    .replace(/\u20AA/g, "₪");
}

/**
 * OCR confuses O/o with 0 and l/I/| with 1 inside numbers. Rewrites such characters only in
 * tokens that are otherwise numeric (at least two digits, at most two look-alikes), keeping
 * every other character where it is so offsets stay valid.
 */
export function fixOcrDigits(line: string): string {
  return line.replace(/[^\s]+/g, (token) => {
    const digits = (token.match(/\d/g) ?? []).length;
    const lookalikes = (token.match(/[OoIl|]/g) ?? []).length;
    if (digits < 2 || lookalikes === 0 || lookalikes > 2) return token;
    if (!/^[-(#]?[$€£₪]?[\dOoIl|.,/:-]+[$€£₪%)-]?[.,:;]?$/.test(token)) return token;
    return token.replace(/[Oo]/g, "0").replace(/[Il|]/g, "1");
  });
}

/**
 * The reverse, for reading labels: a 0 or 1 between letters is an o or l ("T0tal", "Subt0tal",
 * "Inv0ice", "Ba1ance"). Same length as the input, so offsets stay valid.
 */
export function fixOcrLetters(line: string): string {
  return (
    line
      .replace(/(?<=\p{L})0(?=\p{L})/gu, "o")
      .replace(/(?<=\p{Ll})1(?=\p{Ll})/gu, "l")
      .replace(/(?<![\p{L}\d])[l1|](?=nvoice)/giu, "I")
      // A speck read after the number sign ("N°? de facture").
      .replace(/(?<=\b[Nn][°º])[?'’]/g, " ")
  );
}

/**
 * One-word number labels, with a short form that names the same field (labels.ts). OCR damages
 * long words: "Factuumummer" for Factuurnummer ("rn" read as "m"), "Rechnungsnurnmer".
 */
const NUMBER_WORDS: [word: string, short: string][] = [
  ["factuurnummer", "factuurnr"],
  ["rechnungsnummer", "rechnungsnr"],
  ["belegnummer", "belegnr"],
  ["quittungsnummer", "quittungsnr"],
  ["creditnotanummer", "creditnota nr"],
];

/**
 * Labels as OCR damaged them put right: a long word within two edits of a one-word number label
 * is written as that label's short form, after as many spaces as keep the word's length, so offsets stay
 * valid. Run on accent-folded text.
 */
export function mendLabelWords(line: string): string {
  return line.replace(/\p{L}{9,}/gu, (word) => {
    const lower = word.toLowerCase();
    for (const [label, short] of NUMBER_WORDS) {
      if (lower === label) return word;
      if (short.length <= word.length && lower[0] === label[0] && distance(lower, label) <= 2) return short.padStart(word.length, " ");
    }
    return word;
  });
}

/**
 * Latin letters without their accents ("Numéro" as "Numero", "März" as "Marz"), one character for
 * one so offsets stay valid: labels and month names are written once, without accents, and match
 * OCR that dropped them as well as text that kept them.
 */
export function foldAccents(line: string): string {
  return line.replace(/[\u00C0-\u024F]/g, (c) => {
    const base = c.normalize("NFD")[0];
    return base.length === 1 && /[A-Za-z]/.test(base) ? base : c;
  });
}

export const HEBREW = /[\u0590-\u05FF]/;
export const isHebrewText = (text: string) => {
  const he = (text.match(/[\u05D0-\u05EA]/g) ?? []).length;
  const en = (text.match(/[A-Za-z]/g) ?? []).length;
  return he > 0 && he >= en * 0.5;
};

// ---------------------------------------------------------------------------------------------
// Currencies

/** ISO codes written as such on documents (the code is its own marker). */
export const CURRENCY_CODES = [
  "USD", "EUR", "GBP", "ILS", "INR", "MYR", "PLN", "CHF", "SEK", "NOK", "DKK", "ISK", "JPY", "CNY", "CAD", "AUD", "NZD", "SGD", "HKD",
  "CZK", "HUF", "RON", "BGN", "TRY", "ZAR", "AED", "SAR", "THB", "PHP", "IDR", "KRW", "MXN", "BRL",
] as const;

// Symbols and local abbreviations. "kr" is Swedish, Norwegian, Danish or Icelandic: SEK until the country says otherwise.
const MARKER_TO_ISO: Record<string, string> = {
  NIS: "ILS", "₪": "ILS", 'ש"ח': "ILS", $: "USD", "US$": "USD", "€": "EUR", "£": "GBP", "₹": "INR", "RS.": "INR", RS: "INR", "RM": "MYR",
  "ZŁ": "PLN", "ZL": "PLN", "FR.": "CHF", "SFR.": "CHF", KR: "SEK", "KR.": "SEK", "¥": "JPY", "C$": "CAD", "CA$": "CAD", "A$": "AUD", "AU$": "AUD",
  "NZ$": "NZD", "S$": "SGD", "HK$": "HKD", "KČ": "CZK", "FT": "HUF", LEI: "RON", "₺": "TRY", "₩": "KRW", "₱": "PHP", "฿": "THB", "R$": "BRL", RMB: "CNY",
};

export function currencyOf(marker: string | undefined): string | undefined {
  if (!marker) return undefined;
  const m = marker.replace(/\s+/g, "").toUpperCase();
  if ((CURRENCY_CODES as readonly string[]).includes(m)) return m;
  return MARKER_TO_ISO[m] ?? MARKER_TO_ISO[marker];
}

const SYMBOL: Record<string, string> = { USD: "$", EUR: "€", GBP: "£", ILS: "₪", INR: "₹", JPY: "¥", KRW: "₩", CAD: "CA$", AUD: "A$", NZD: "NZ$", SGD: "S$", HKD: "HK$", MYR: "RM", BRL: "R$" };

export function formatMoney(value: number, currency?: string): string {
  const abs = Math.abs(value).toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  const s = currency && SYMBOL[currency] ? `${SYMBOL[currency]}${abs}` : currency ? `${abs} ${currency}` : abs;
  return value < 0 ? `-${s}` : s;
}

// ---------------------------------------------------------------------------------------------
// Amounts

export type Money = {
  value: number;
  start: number;
  end: number;
  currency?: string;
  /** Written with decimals or a currency marker: certainly money, not a count. */
  explicit: boolean;
  /** The digits as written, e.g. "1.234,56". */
  digits: string;
};

const CODES = CURRENCY_CODES.join("|");
// Symbols that stand before the amount; codes stand either side. "Rs." and "RM" only before, "zł", "kr", "Kč", "Ft" only after.
const CUR_BEFORE = String.raw`(?:(?:US|C|CA|A|AU|NZ|S|HK|R)\$|[$€£₪₹¥₺₩₱฿]|(?:Rs\.?|RM|Sfr\.|Fr\.|NIS|${CODES})(?![A-Za-z]))`;
// A marker followed by another number belongs to that number ("1 EUR 1.240,00").
const CUR_AFTER = String.raw`(?:[$€£₪₹¥₺₩₱฿]|ש"ח|(?:zł|zl|kr\.?|Kč|Ft|lei|NIS|${CODES})(?![\p{L}]))(?!\s?[-(]?\d)`;
// Thousands may also be grouped with an apostrophe (Swiss "1'234.50") or, where commas are the
// decimal sign, a space ("1 234,50", a non-breaking space once normalized). A space-grouped number
// needs its decimals, and is not read where dots are decimals: there "5 180.00" is as often a
// quantity beside a price.
const NUM_BODY = String.raw`\d{1,3}(?:'\d{3})+(?:\.\d{1,2})?|\d{1,3}(?:,\d{3})+(?:\.\d{1,3})?|\d{1,3}(?:\.\d{3})+(?:,\d{1,3})?|\d+(?:[.,]\d{1,3})?`;
const SPACE_GROUPED = String.raw`\d{1,3}(?: \d{3})+,\d{2}(?!\d)`;
const moneyRe = (body: string) =>
  new RegExp(
    String.raw`(?<![\p{L}\d.,/#+:'-])(?<neg>[-(]\s?)?(?:(?<pre>${CUR_BEFORE})\s?(?<neg2>-\s?)?)?(?<num>${body})(?!\d)(?![.,]\d)(?!\s?%)(?![/:-]\d)(?:\s?(?<post>${CUR_AFTER}))?(?<neg3>-(?![\d\p{L}])|\))?(?![\p{L}\d%])`,
    "gu",
  );
const MONEY_RE = moneyRe(NUM_BODY);
const MONEY_RE_EU = moneyRe(`${SPACE_GROUPED}|${NUM_BODY}`);

/**
 * Reads a number as written. `eu` says the document writes 1.234,56; a single separator
 * followed by exactly two digits is a decimal point whatever the document's habit.
 */
export function parseNumber(digits: string, eu = false): number | undefined {
  const d = digits.replace(/[\s']/g, "");
  if (!/^\d[\d.,]*$/.test(d)) return undefined;
  const lastDot = d.lastIndexOf(".");
  const lastComma = d.lastIndexOf(",");
  let decimalSep: "." | "," | undefined;
  if (lastDot >= 0 && lastComma >= 0) decimalSep = lastDot > lastComma ? "." : ",";
  else if (lastDot >= 0 || lastComma >= 0) {
    const sep = lastDot >= 0 ? "." : ",";
    const count = d.split(sep).length - 1;
    const after = d.length - (sep === "." ? lastDot : lastComma) - 1;
    if (count > 1) decimalSep = undefined; // 1.234.567 or 1,234,567
    else if (after === 3) decimalSep = (sep === "," && !eu) || (sep === "." && eu) ? undefined : sep;
    else decimalSep = sep;
  }
  const normalized = decimalSep === undefined ? d.replace(/[.,]/g, "") : d.replace(decimalSep === "." ? /,/g : /\./g, "").replace(decimalSep, ".");
  const n = Number(normalized);
  return Number.isFinite(n) ? n : undefined;
}

/** Every amount on a line, with where it is and its currency marker if it has one. */
export function findMoney(line: string, eu = false): Money[] {
  const out: Money[] = [];
  for (const m of line.matchAll(eu ? MONEY_RE_EU : MONEY_RE)) {
    const g = m.groups!;
    const value = parseNumber(g.num, eu);
    if (value === undefined) continue;
    const negative = Boolean(g.neg2 || g.neg3 === "-" || (g.neg && g.neg.trim() === "-") || (g.neg?.trim() === "(" && g.neg3 === ")"));
    const marker = g.pre ?? g.post;
    if (g.neg?.trim() === "(" && (g.neg3 !== ")" || !/[.,]\d{2}$/.test(g.num))) continue; // "(512) 555" is a phone, not -512
    out.push({
      value: negative ? -value : value,
      start: m.index!,
      end: m.index! + m[0].length,
      currency: currencyOf(marker),
      explicit: Boolean(marker) || /[.,]\d{2}$/.test(g.num),
      digits: g.num,
    });
  }
  return out;
}

/** Counts the two ways of writing 1,234.56 in a text: true when 1.234,56 dominates. */
export function detectEuNumbers(text: string): boolean {
  const eu = (text.match(/\d\.\d{3},\d{2}(?!\d)/g) ?? []).length * 3 + (text.match(/(?<![\d.,])\d+,\d{2}(?![\d.,])/g) ?? []).length;
  const en = (text.match(/\d,\d{3}\.\d{2}(?!\d)/g) ?? []).length * 3 + (text.match(/(?<![\d.,])\d+\.\d{2}(?![\d.,])/g) ?? []).length;
  return eu > en;
}

// ---------------------------------------------------------------------------------------------
// Dates

export type DateHit = {
  start: number;
  end: number;
  /** Filled once the day/month order is known. */
  iso?: string;
  year: number;
  /** For numeric dates: the two leading parts as written (a/b/yyyy), else month and day. */
  a: number;
  b: number;
  numeric: boolean;
  /** yyyy-mm-dd or a written month: the order is certain. */
  certain: boolean;
  /** Read only after putting back zeros OCR took for 6, 8 or 9 ("82/03/2024", "13/04/2624"). */
  repaired?: boolean;
};

// Month names as written in the languages Mailroom reads, without accents (dates are found on folded text).
const MONTH_NAMES: Record<number, string> = {
  1: "january jan januar janner januari janvier janv gennaio gen enero ene janeiro styczen stycznia sty",
  2: "february feb februar februari fevrier fevr fev febbraio febrero fevereiro luty lutego lut",
  3: "march mar marz maerz mrz maart mrt mars marzo marco marzec marca",
  4: "april apr avril avr aprile abril abr kwiecien kwietnia kwi",
  5: "may mai mei maggio mag mayo maio maj maja",
  6: "june jun juni juin giugno giu junio junho czerwiec czerwca cze",
  7: "july jul juli juillet juil luglio lug julio julho lipiec lipca lip",
  8: "august aug augustus aout agosto ago sierpien sierpnia sie",
  9: "september sep sept septembre settembre set septiembre setiembre setembro wrzesien wrzesnia wrz",
  10: "october oct oktober okt octobre ottobre ott octubre outubro out pazdziernik pazdziernika paz",
  11: "november nov novembre noviembre novembro listopad listopada lis",
  12: "december dec dezember dez decembre dicembre dic diciembre dezembro grudzien grudnia gru",
};
const MONTHS: Record<string, number> = {
  ינואר: 1, פברואר: 2, מרץ: 3, מרס: 3, אפריל: 4, מאי: 5, יוני: 6, יולי: 7, אוגוסט: 8, ספטמבר: 9, אוקטובר: 10, נובמבר: 11, דצמבר: 12,
};
for (const [m, names] of Object.entries(MONTH_NAMES)) for (const name of names.split(" ")) MONTHS[name] = Number(m);
const HE_MONTH_ALT = "ינואר|פברואר|מרץ|מרס|אפריל|מאי|יוני|יולי|אוגוסט|ספטמבר|אוקטובר|נובמבר|דצמבר";

const ISO_RE = /(?<![\d.\/-])(\d{4})\s?([-\/.])\s?(\d{1,2})\s?\2\s?(\d{1,2})(?![\d]|[.\/-]\d)/g;
const NUMERIC_RE = /(?<![\d.\/-])(\d{1,2})\s?([.\/-])\s?(\d{1,2})\s?\2\s?(\d{4}|\d{2})(?![\d]|[.\/-]\d)/g;
// A dotted date whose one dot OCR read as a comma ("02,06.2024"): the four-digit year keeps it from being an amount.
const COMMA_DOT_RE = /(?<![\d.,\/-])(\d{1,2})(?:,(\d{1,2})\.|\.(\d{1,2}),)(\d{4})(?![\d]|[.,\/-]\d)/g;
// "14 March 2019", "14. März 2019", "14 de marzo de 2019", "1er mars 2019", "22-SEP-17". The month
// is any short word, looked up in MONTHS afterwards: an alternation of every month name in eight
// languages, tried at each position, made reading a long document slow.
const DAY_MONTH_RE = new RegExp(
  String.raw`(?<![\d])(\d{1,2})(?:st|nd|rd|th|er|e|º)?\.?[\s.\-/]{0,3}(?:(?:of|de)\s{1,2})?(\p{L}{3,12})(?![\p{L}])\.?[\s.\-/,]{0,3}(?:(?:de|del)\s{1,2})?(\d{4}|'?\d{2}(?![\d:]))(?!\d)`,
  "giu",
);
// "Mar 14, 2019", "March 14th 2019".
const MONTH_DAY_RE = new RegExp(String.raw`(?<![\p{L}])(\p{L}{3,12})\.?\s{1,2}(\d{1,2})(?:st|nd|rd|th)?,?\s{1,2}(\d{4})(?!\d)`, "giu");
const HE_DATE_RE = new RegExp(String.raw`(?<![\d])(\d{1,2})\s+(?:ב|ל)?-?(${HE_MONTH_ALT})\s*,?\s*(\d{4})(?!\d)`, "gu");

const fullYear = (y: number) => (y < 100 ? 2000 + y : y);
const daysIn = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();

export function isoDate(y: number, m: number, d: number): string | undefined {
  if (y < 1990 || y > 2099 || m < 1 || m > 12 || d < 1 || d > daysIn(y, m)) return undefined;
  return `${y}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
}

/** Every date-looking thing on a line. Numeric d/m vs m/d dates stay open until `resolveDates`. */
export function findDates(original: string): DateHit[] {
  const line = foldAccents(original);
  const hits: DateHit[] = [];
  const taken = (s: number, e: number) => hits.some((h) => s < h.end && e > h.start);
  const add = (h: DateHit) => {
    if (!taken(h.start, h.end)) hits.push(h);
  };
  for (const m of line.matchAll(ISO_RE)) {
    const iso = isoDate(Number(m[1]), Number(m[3]), Number(m[4]));
    if (iso) add({ start: m.index!, end: m.index! + m[0].length, iso, year: Number(m[1]), a: Number(m[3]), b: Number(m[4]), numeric: true, certain: true });
  }
  for (const m of monthMatches(line, DAY_MONTH_RE, 2)) {
    const y = fullYear(Number(m[3].replace("'", "")));
    const month = MONTHS[m[2].toLowerCase()];
    const iso = isoDate(y, month, Number(m[1]));
    if (iso) add({ start: m.index!, end: m.index! + m[0].length, iso, year: y, a: Number(m[1]), b: month, numeric: false, certain: true });
  }
  for (const m of monthMatches(line, MONTH_DAY_RE, 1)) {
    const y = Number(m[3]);
    const month = MONTHS[m[1].toLowerCase()];
    const iso = isoDate(y, month, Number(m[2]));
    if (iso) add({ start: m.index!, end: m.index! + m[0].length, iso, year: y, a: month, b: Number(m[2]), numeric: false, certain: true });
  }
  for (const m of line.matchAll(HE_DATE_RE)) {
    const y = Number(m[3]);
    const iso = isoDate(y, MONTHS[m[2]], Number(m[1]));
    if (iso) add({ start: m.index!, end: m.index! + m[0].length, iso, year: y, a: Number(m[1]), b: MONTHS[m[2]], numeric: false, certain: true });
  }
  for (const m of line.matchAll(NUMERIC_RE)) {
    const a = Number(m[1]);
    const b = Number(m[3]);
    const y = fullYear(Number(m[4]));
    if (m[4].length === 2 && m[2] === "." && !/\d{1,2}\.\d{1,2}\.\d{2}\b/.test(m[0].replace(/\s/g, ""))) continue;
    const dmy = isoDate(y, b, a);
    const mdy = isoDate(y, a, b);
    if (!dmy && !mdy) {
      const fixed = zerosPutBack(m[1], m[3], m[4]);
      if (fixed) add({ start: m.index!, end: m.index! + m[0].length, ...fixed, numeric: true, certain: true, repaired: true });
      continue;
    }
    add({ start: m.index!, end: m.index! + m[0].length, year: y, a, b, numeric: true, certain: !dmy || !mdy, iso: !mdy ? dmy : !dmy ? mdy : undefined });
  }
  for (const m of line.matchAll(COMMA_DOT_RE)) {
    // Dotted dates are written day first.
    const a = Number(m[1]);
    const b = Number(m[2] ?? m[3]);
    const y = Number(m[4]);
    const iso = isoDate(y, b, a);
    if (iso) add({ start: m.index!, end: m.index! + m[0].length, year: y, a, b, numeric: true, certain: true, iso });
  }
  return hits.sort((x, y) => x.start - y.start);
}

/**
 * A numeric date that is no date as read, made one by turning back into 0 the fewest digits OCR
 * reads for a slashed or dotted zero (6, 8, 9): day first, the usual order where such fonts print.
 * Only one way to do it counts; two or more ways, or more than two digits to change, and it stays unread.
 */
function zerosPutBack(day: string, month: string, year: string): { iso: string; year: number; a: number; b: number } | undefined {
  const digits = `${day}|${month}|${year}`;
  const spots = [...digits].flatMap((c, i) => ("689".includes(c) ? [i] : []));
  let found: { iso: string; year: number; a: number; b: number }[] = [];
  for (let changes = 1; changes <= Math.min(2, spots.length) && !found.length; changes++) {
    for (const set of subsets(spots, changes)) {
      const [d, m, y] = [...digits].map((c, i) => (set.includes(i) ? "0" : c)).join("").split("|");
      const yy = fullYear(Number(y));
      const iso = isoDate(yy, Number(m), Number(d));
      if (iso && !found.some((f) => f.iso === iso)) found.push({ iso, year: yy, a: Number(d), b: Number(m) });
    }
  }
  return found.length === 1 ? found[0] : undefined;
}

function subsets<T>(items: T[], size: number): T[][] {
  if (size === 0) return [[]];
  return items.flatMap((x, i) => subsets(items.slice(i + 1), size - 1).map((rest) => [x, ...rest]));
}

/** Matches whose word at `group` is a month name; a word that is not one gives way one character on. */
function* monthMatches(line: string, re: RegExp, group: number): Generator<RegExpExecArray> {
  re.lastIndex = 0;
  for (let m = re.exec(line); m; m = re.exec(line)) {
    if (MONTHS[m[group].toLowerCase()] !== undefined) yield m;
    else re.lastIndex = m.index + 1;
  }
}

/** Fills `iso` on numeric dates whose order was open: day first unless the document is American. */
export function resolveDate(h: DateHit, monthFirst: boolean): string | undefined {
  if (h.iso) return h.iso;
  return monthFirst ? isoDate(h.year, h.a, h.b) : isoDate(h.year, h.b, h.a);
}

// ---------------------------------------------------------------------------------------------
// Identifiers (document numbers)

export type Token = { text: string; start: number; end: number };

export function tokens(line: string): Token[] {
  return [...line.matchAll(/\S+/g)].map((m) => ({ text: m[0], start: m.index!, end: m.index! + m[0].length }));
}

/**
 * A document number as printed: digits, optionally with letter prefixes joined by dashes,
 * underscores or slashes ("INV-2024/0017", "VX2004417765", "DEL_WHSE20190400771234").
 * An amount, a percentage or an IBAN is not one.
 */
export function asIdentifier(raw: string): string | undefined {
  const t = raw.replace(/^[#№:.\-—_(\[]+/, "").replace(/[.:,;)\]]+$/, "");
  if (t.length < 1 || t.length > 32) return undefined;
  if (!/\d/.test(t)) return undefined;
  if (!/^(?:[A-Za-z]{1,10}[-_\/]?){0,3}\d[\dA-Za-z]*(?:[-_\/.][\dA-Za-z]+)*$/.test(t)) return undefined;
  if (/^\d+[.,]\d{2}$/.test(t)) return undefined; // an amount
  if (/\d[%]/.test(t)) return undefined;
  if (t.length >= 15 && /^[A-Z]{2}\d{2}(?:[A-Z]{4})?\d{10,}$/.test(t)) return undefined; // an IBAN
  return t;
}

/** Two amounts equal within rounding: two cents, or a twentieth of a percent of large sums. */
export const close = (a: number, b: number) => Math.abs(a - b) <= Math.max(0.02, Math.abs(b) * 0.0005);
export const round2 = (n: number) => Math.round(n * 100) / 100;
