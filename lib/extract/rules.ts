// The rules extractor: labels and patterns over the document's text, English and Hebrew here and
// the other languages' labels as tables in labels.ts, for
// text layers and OCR output alike. No field names or values of any particular document are
// known here: everything is read from labels ("Invoice No", "סה"כ לתשלום"), the shape of values
// (amounts, dates, identifiers) and the layout of lines (same line, next line, same column).
import type { ExtractedFields, Extraction, ExtractionInput, FieldValue } from "./types";
import { detectVendor } from "./vendor";
import { CURRENCY_WORD_RE, extractLineItems, trustedItems } from "./line-items";
import { columnar, findLabels, KIND, lineHits, pairLabelColumns, pick, segments, valueLine, type Candidate, type Field, type LabelHit, type Line } from "./lines";
import {
  asIdentifier,
  close,
  CURRENCY_CODES,
  detectEuNumbers,
  findDates,
  findMoney,
  foldAccents,
  fixOcrDigits,
  fixOcrLetters,
  mendLabelWords,
  formatMoney,
  HEBREW,
  isHebrewText,
  normalizeText,
  resolveDate,
  round2,
  tokens,
  type DateHit,
  type Token,
  type Money,
} from "./text";


const US_STATES =
  "AL|AK|AZ|AR|CA|CO|CT|DE|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|NH|NJ|NM|NY|NC|ND|OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY|DC";

// ---------------------------------------------------------------------------------------------

/** Beyond these the rest of a document is not read (invoices put their fields early; this bounds the work). */
export const MAX_TEXT_CHARS = 200_000;
const MAX_LINE_CHARS = 400;

export function extractWithRules(input: ExtractionInput): Extraction {
  const text = withoutStrayHebrew(normalizeText((input.text ?? "").slice(0, MAX_TEXT_CHARS)));
  const eu = detectEuNumbers(text);
  const lines: Line[] = text.split("\n").map((whole, index) => {
    const raw = whole.length > MAX_LINE_CHARS ? whole.slice(0, MAX_LINE_CHARS) : whole;
    const fixed = fixOcrDigits(raw);
    const dates = findDates(fixed).filter((d) => !isSeriesNumber(fixed, d.start));
    return { raw, text: fixed, labels: mendLabelWords(fixOcrLetters(foldAccents(fixed))), index, money: findMoney(fixed, eu), dates, hebrew: HEBREW.test(fixed) };
  });
  const hebrewDoc = isHebrewText(text);
  const monthFirst = isMonthFirst(text, lines);
  const hits = findLabels(lines);
  pairLabelColumns(lines, hits);

  const fields: ExtractedFields = {};
  const put = <K extends keyof ExtractedFields>(k: K, v: ExtractedFields[K]) => {
    if (v) fields[k] = v;
  };

  // Dates. A document is not dated after the email that brought it (a day's grace for time zones).
  const latest = input.receivedAt && !Number.isNaN(input.receivedAt.getTime()) ? new Date(input.receivedAt.getTime() + 86_400_000).toISOString().slice(0, 10) : undefined;
  const issue = bestDate(lines, hits, "issue", monthFirst, latest);
  const due = bestDate(lines, hits, "due", monthFirst);
  let issueValue = issue;
  if (!issueValue) issueValue = firstUnlabelledDate(lines, hits, monthFirst, latest);
  put("issue_date", issueValue && field(issueValue.value, issueValue.conf * (issueValue.ambiguous ? 0.85 : 1)));
  if (due && due.value !== issueValue?.value) put("due_date", field(due.value, due.conf * (due.ambiguous ? 0.85 : 1)));
  else if (due) put("due_date", field(due.value, due.conf * 0.7));

  // Number
  const number = bestNumber(lines, hits) ?? numberBesideDates(lines, hits);
  put("number", number && field(number.value, number.conf));

  // Amounts
  const total = bestMoney(lines, hits, "total");
  const subtotal = bestMoney(lines, hits, "subtotal");
  const tax = bestMoney(lines, hits, "tax");
  const amounts = reconcile(total, subtotal, tax, lines);
  // A zero total is what OCR leaves when it loses the digits: keep it, but do not trust it.
  put("total", amounts.total && field(amounts.total.value, amounts.total.value === 0 ? Math.min(0.3, amounts.total.conf) : amounts.total.conf));
  put("subtotal", amounts.subtotal && field(amounts.subtotal.value, amounts.subtotal.conf));
  put("tax", amounts.tax && field(amounts.tax.value, amounts.tax.conf));

  // Currency, type, vendor
  const currency = detectCurrency(text, lines, amounts.total, hebrewDoc, monthFirst, input.defaultCurrency);
  put("currency", currency && field(currency.value, currency.conf));
  const type = detectType(lines);
  put("document_type", field(type.value, type.conf));
  const vendor = detectVendor(lines, hits, input);
  put("vendor", vendor && field(vendor.value, vendor.conf));

  const line_items = trustedItems(extractLineItems(lines, hits), amounts.subtotal ?? amounts.total);
  const extraction: Extraction = { fields, line_items, line_items_source: "rules", summary: "", summary_source: "rules" };
  extraction.summary = summarize(extraction, /\bVAT\b|מע"?מ|\bTVA\b|\bMwSt\b|\bBTW\b|\bIVA\b/i.test(text) ? "VAT" : "tax");
  return extraction;
}

/**
 * A pool that reads Hebrew too turns symbols on Latin pages ("nº", "°", a dashed rule) into
 * scraps of Hebrew ("Ticket פת T-00981"). On a page that is not Hebrew, those scraps are dropped;
 * a real Hebrew line of its own (a name, an address) stays.
 */
function withoutStrayHebrew(text: string): string {
  if (!HEBREW.test(text) || isHebrewText(text)) return text;
  return text
    .split("\n")
    .map((line) => {
      // Beside Latin words any Hebrew is a misread; on its own line only scraps of three letters or fewer.
      const latin = /[A-Za-z]{2}/.test(line);
      return line.replace(/(?<!\S)\S*[\u05D0-\u05EA]\S*(?:[ \t]+|$)/gu, (token) => (latin || (token.match(/[\u05D0-\u05EA]/g)?.length ?? 0) <= 3 ? "" : token));
    })
    .join("\n");
}

function field<T>(value: T, conf: number): FieldValue<T> {
  return { value, confidence: Math.round(Math.max(0, Math.min(1, conf)) * 100) / 100, source: "rules" };
}

// ---------------------------------------------------------------------------------------------

// ---------------------------------------------------------------------------------------------
// Dates

type DateValue = { value: string; conf: number; ambiguous: boolean; line: number };

function isMonthFirst(text: string, lines: Line[]): boolean {
  // Dates that can only be read one way decide for the document.
  let mdy = 0;
  let dmy = 0;
  for (const l of lines)
    for (const d of l.dates)
      if (d.numeric && !d.iso && !d.certain) continue;
      else if (d.numeric && d.certain && !/^\d{4}/.test(l.text.slice(d.start, d.end))) {
        if (d.a <= 12 && d.b > 12) mdy++;
        if (d.a > 12 && d.b <= 12) dmy++;
      }
  if (mdy !== dmy) return mdy > dmy;
  // Otherwise: American signals (a state and ZIP code, sales tax, dollar amounts, US phone numbers).
  const us =
    (new RegExp(String.raw`\b(?:${US_STATES})\s+\d{5}(?:-\d{4})?\b`).test(text) ? 2 : 0) +
    (/\bsales\s*tax\b/i.test(text) ? 1 : 0) +
    (/\(\d{3}\)\s?\d{3}-\d{4}/.test(text) ? 1 : 0) +
    (/\$|\bUSD\b/.test(text) ? 1 : 0);
  const notUs = /[€£₪]|\b(?:EUR|GBP|ILS|NIS)\b|ש"ח|\bVAT\b/.test(text) || isHebrewText(text);
  return us >= 2 && !notUs;
}

/**
 * A date hit as ISO. With `latest` (the email's arrival), a date after it is not the issue date:
 * an open day/month order takes the other reading, anything else gives nothing.
 */
function dateValue(h: DateHit, monthFirst: boolean, latest?: string): { iso: string; ambiguous: boolean } | undefined {
  const iso = resolveDate(h, monthFirst);
  if (iso && latest && iso > latest) {
    const other = h.certain ? undefined : resolveDate(h, !monthFirst);
    return other && other <= latest ? { iso: other, ambiguous: true } : undefined;
  }
  return iso ? { iso, ambiguous: !h.certain || !!h.repaired } : undefined;
}

function bestDate(lines: Line[], hits: LabelHit[], f: "issue" | "due", monthFirst: boolean, latest?: string): DateValue | undefined {
  const cands: DateValue[] = [];
  for (const h of hits.filter((x) => x.def.field === f)) {
    const line = lines[h.line];
    const { afterEnd, beforeStart } = segments(hits, h, line.text.length);
    const after = line.dates.find((d) => d.start >= h.end && d.start < afterEnd && (!h.def.adjacent || line.text.slice(h.end, d.start).trim().replace(/[:\-—]/g, "") === ""));
    let found: DateHit | undefined = after;
    let conf = h.def.conf;
    if (!found && line.hebrew && !h.def.adjacent) found = [...line.dates].reverse().find((d) => d.end <= h.start && d.start >= beforeStart);
    if (!found && h.def.stacked) {
      const next = valueLine(lines, h);
      if (next) {
        found = stackedValue(lines, hits, h, next, next.dates);
        conf *= 0.95;
      }
    }
    if (!found) continue;
    const v = dateValue(found, monthFirst, latest);
    if (v) cands.push({ value: v.iso, conf, ambiguous: v.ambiguous, line: h.line });
  }
  return pick(cands, "first");
}

/** Without an issue-date label: the first date in the text that no due/validity wording claims. */
function firstUnlabelledDate(lines: Line[], hits: LabelHit[], monthFirst: boolean, latest?: string): DateValue | undefined {
  for (const l of lines) {
    for (const d of l.dates) {
      const before = foldAccents(l.text.slice(Math.max(0, d.start - 30), d.start));
      // Due, valid-until and the end of a period ("01.05.2019 - 31.05.2019", "bis", "au", "t/m") are not the issue date.
      if (/(?:due|until|valid|expir|pay\s*by|against|of|through|thru|to|bis|au|tot|t\/m|al|hasta|ate|do|בתוקף|עד)\s*:?\s*$/iu.test(before)) continue;
      if (/\d\s*[-–]\s*$/.test(before)) continue;
      if (lineHits(hits, l.index).some((h) => h.def.field === "due")) continue;
      const v = dateValue(d, monthFirst, latest);
      if (v) return { value: v.iso, conf: 0.55, ambiguous: v.ambiguous, line: l.index };
    }
  }
  return undefined;
}

/**
 * A value under its label. Columns laid out with gaps: the value closest to the label's column.
 * Single-spaced (OCR): the k-th value of the right kind for the k-th label of that kind.
 */
function stackedValue<T extends { start: number; end: number }>(lines: Line[], hits: LabelHit[], h: LabelHit, next: Line, values: T[]): T | undefined {
  if (!values.length) return undefined;
  const labelLine = lines[h.line];
  const same = lineHits(hits, h.line);
  if (columnar(labelLine.text) || columnar(next.text)) {
    const centre = (h.start + h.end) / 2;
    let best: T | undefined;
    let bestDist = Infinity;
    for (const v of values) {
      const dist = Math.abs((v.start + v.end) / 2 - centre);
      if (dist < bestDist) {
        best = v;
        bestDist = dist;
      }
    }
    return bestDist <= Math.max(30, (h.end - h.start) * 2) ? best : undefined;
  }
  const kind = KIND[h.def.field];
  const sameKind = same.filter((x) => KIND[x.def.field] === kind && x.def.stacked);
  const k = sameKind.indexOf(h);
  return k >= 0 ? values[k] : undefined;
}

// ---------------------------------------------------------------------------------------------
// Numbers

// A series code printed before the number, one space apart, as Portuguese, Italian, Polish and
// Spanish invoices do ("FT 2024/117", "FPR 17/19", "FV 12/03/2019"): part of the number. Words
// that are labels or currencies are not series codes.
const SERIES_RE = /^[A-Z]{1,4}$/;
const NOT_SERIES = new Set([
  "NO", "NR", "N", "NUM", "REF", "ID", "DATE", "DATA", "DAY", "DIA", "DUE", "ON", "BY", "TO", "AT", "AM", "AU", "LE", "EL", "AL", "VOM", "DEN", "BIS", "TOT",
  "DE", "DU", "DA", "DO", "DEL", "THE", "OF", "VAT", "TVA", "IVA", "BTW", "NIP", "NIF", "CIF", "TAX", ...CURRENCY_CODES,
]);
const SERIES_BEFORE_RE = /(?<![\p{L}\d])([A-Z]{1,4}) $/u;

/** A date-looking value right after a series code is a document number ("FV 7/05/2022"), not a date. */
function isSeriesNumber(text: string, start: number): boolean {
  const m = SERIES_BEFORE_RE.exec(text.slice(Math.max(0, start - 6), start));
  return Boolean(m && !NOT_SERIES.has(m[1]));
}

/** The number starting at token i: the token itself, or a series code and the token after it. */
function idAt(line: Line, toks: Token[], i: number): { text: string; start: number; end: number; next: number } | undefined {
  const t = toks[i];
  const n = toks[i + 1];
  if (n && SERIES_RE.test(t.text) && !NOT_SERIES.has(t.text) && n.start === t.end + 1) {
    // The series makes "12/03/2019" a number, not a date.
    const id = asIdentifier(n.text);
    if (id && /^(?:\d|[A-Z]\/)/.test(n.text)) return { text: `${t.text} ${id}`, start: t.start, end: n.end, next: i + 2 };
  }
  if (line.dates.some((d) => t.start < d.end && t.end > d.start)) return undefined;
  const id = asIdentifier(t.text);
  return id ? { text: id, start: t.start, end: t.end, next: i + 1 } : undefined;
}

function idsOn(line: Line, from: number, to: number): { text: string; start: number; end: number }[] {
  const out: { text: string; start: number; end: number }[] = [];
  const toks = tokens(line.text);
  for (let i = 0; i < toks.length; i++) {
    if (toks[i].start < from || toks[i].end > to) continue;
    const id = idAt(line, toks, i);
    if (!id || id.end > to) continue;
    out.push(id);
    i = id.next - 1;
  }
  return out;
}

/**
 * A header row of labels over a row of values ("Nº FACTURA   FECHA   VENCIMIENTO") whose first
 * label OCR could not read: the one identifier before the row's dates is the document's number.
 */
function numberBesideDates(lines: Line[], hits: LabelHit[]): Candidate<string> | undefined {
  for (const h of hits) {
    const line = lines[h.line];
    if (KIND[h.def.field] !== "date" || line.dates.length || line.hebrew) continue;
    const first = lineHits(hits, h.line)[0];
    if (first !== h || !/\p{L}{2}/u.test(line.labels.slice(0, h.start))) continue;
    const next = valueLine(lines, h);
    if (!next || !next.dates.length || lineHits(hits, next.index).length) continue;
    const firstDate = Math.min(...next.dates.map((d) => d.start));
    const ids = idsOn(next, 0, firstDate).filter((id) => /\d/.test(id.text));
    if (ids.length === 1) return { value: ids[0].text, conf: 0.5, line: next.index };
  }
  return undefined;
}

function bestNumber(lines: Line[], hits: LabelHit[]): Candidate<string> | undefined {
  const cands: Candidate<string>[] = [];
  for (const h of hits.filter((x) => x.def.field === "number")) {
    const line = lines[h.line];
    const { afterEnd } = segments(hits, h, line.text.length);
    // The first identifier after the label, skipping a little OCR debris (":", "ae", "—").
    let value: string | undefined;
    let skipped = 0;
    const toks = tokens(line.text);
    for (let i = 0; i < toks.length; i++) {
      const whole = toks[i];
      if (whole.end <= h.end || whole.start >= afterEnd) continue;
      // A label glued to its value ("Invoice #DEL_WHSE2019…", "Nr.4411"): the value is the rest of the token.
      const t = whole.start < h.end ? { text: whole.text.slice(h.end - whole.start), start: h.end, end: whole.end } : whole;
      const id = t === whole ? idAt(line, toks, i) : asIdentifier(t.text) && !line.dates.some((d) => t.start < d.end && t.end > d.start) ? { text: asIdentifier(t.text)! } : undefined;
      if (id) {
        value = id.text;
        break;
      }
      if (/^[^\p{L}\d]+$/u.test(t.text) || (t.text.length <= 3 && !/\d/.test(t.text) && skipped < 2 && !/^(?:no|of|for|to|the)$/i.test(t.text))) {
        skipped++;
        if (skipped > 3) break;
        continue;
      }
      break;
    }
    let conf = h.def.conf * (skipped > 0 ? 0.9 : 1);
    if (!value && line.hebrew && !h.def.adjacent) {
      // A right-to-left line laid out visually: the number stands left of its label.
      const { beforeStart } = segments(hits, h, line.text.length);
      const before = idsOn(line, beforeStart, h.start);
      if (before.length && /^\s*[:#.]?\s*$/.test(line.text.slice(before[before.length - 1].end, h.start))) {
        value = before[before.length - 1].text;
        conf *= 0.9;
      }
    }
    if (!value && h.def.stacked) {
      const next = valueLine(lines, h);
      if (next) {
        const found = stackedValue(lines, hits, h, next, idsOn(next, 0, next.text.length));
        value = found?.text;
        conf *= 0.95;
      }
    }
    // OCR of a Latin number inside a right-to-left line can swap its parts at the dash
    // ("2024/0017-INV" for "INV-2024/0017"): a letter prefix never ends a number.
    const swapped = value && line.hebrew ? /^(\d[\d\/._]*)-([A-Z]{2,6})$/.exec(value) : null;
    if (swapped) value = `${swapped[2]}-${swapped[1]}`;
    if (value) cands.push({ value, conf, line: h.line });
  }
  return pick(cands, "first");
}

// ---------------------------------------------------------------------------------------------
// Amounts

function bestMoney(lines: Line[], hits: LabelHit[], f: "total" | "subtotal" | "tax"): Candidate<number> | undefined {
  const cands: Candidate<number>[] = [];
  for (const h of hits.filter((x) => x.def.field === f)) {
    const line = lines[h.line];
    const { afterEnd, beforeStart } = segments(hits, h, line.text.length);
    const after = line.money.filter((x) => x.start >= h.end && x.start < afterEnd);
    // A totals row across columns ("TOTAL: ₹45.61 ₹299.00": tax, then the total) ends with the total;
    // the tender and change beside a receipt's total are not part of it.
    // Written amounts before bare counts ("TAX 1  7.000 %  0.45": a tax class, a rate, the tax).
    const written = after.some((x) => x.explicit) ? after.filter((x) => x.explicit) : after;
    let m: Money | undefined = f === "total" && written.length > 1 && !PAID_RE.test(line.labels.slice(h.end, afterEnd)) ? written.reduce((a, b) => (Math.abs(b.value) >= Math.abs(a.value) ? b : a)) : written[0];
    if (!m) m = [...line.money].reverse().find((x) => x.end <= h.start && x.start >= beforeStart);
    let conf = h.def.conf;
    if ((!m || !m.explicit) && h.def.stacked) {
      // A bare count before the label is OCR debris when an amount stands under it.
      const below = blockValue(lines, hits, h) ?? rowBelow(lines, hits, h);
      if (below) {
        m = below;
        conf *= 0.85;
      }
    }
    if (!m && h.def.stacked && line.text.trim().length <= h.end - h.start + 3) {
      const next = valueLine(lines, h);
      // The amount alone under it, not the next label's own value ("TOTAL TTC" over "Total HT: 760,00 €").
      if (next && next.money.length === 1 && next.text.trim().length <= 24 && !lineHits(hits, next.index).length) {
        m = next.money[0];
        conf *= 0.9;
      }
    }

    if (!m && h.def.stacked && columnar(line.text)) {
      // A column header ("Netto   BTW   Totaal") over a row of amounts without labels of its own.
      const next = valueLine(lines, h);
      if (next && next.money.length && !lineHits(hits, next.index).length && !/\p{L}{4,}/u.test(next.text.replace(CURRENCY_WORD_RE, ""))) {
        m = stackedValue(lines, hits, h, next, next.money);
        conf *= 0.85;
      }
    }
    if (!m) continue;
    if (!m.explicit) conf *= 0.8;
    cands.push({ value: m.value, conf, line: h.line, currency: m.currency });
  }
  // Totals sit at the bottom; for equal labels the later one wins (a receipt's TOTAL after its items).
  return pick(cands, f === "total" ? "last" : "first");
}

const MONEY_FIELDS = new Set<Field>(["total", "subtotal", "tax"]);
const labelsOnly = (l: Line, hits: LabelHit[]) => !l.money.some((x) => x.explicit) && lineHits(hits, l.index).some((x) => MONEY_FIELDS.has(x.def.field));
const amountOnly = (l: Line, hits: LabelHit[]) =>
  l.money.length === 1 && l.money[0].explicit && !lineHits(hits, l.index).length && !/\p{L}{3,}/u.test(l.text.replace(CURRENCY_WORD_RE, ""));

/**
 * OCR reads a boxed totals band column by column: the labels one per line ("Total sem IVA",
 * "IVA 23%", "Total a pagar"), then the amounts one per line in the same order. The k-th label
 * line without an amount takes the k-th amount line; lines with a label and its own amount may
 * stand between. Anything else (an item, an address) ends the block.
 */
function blockValue(lines: Line[], hits: LabelHit[], h: LabelHit): Money | undefined {
  const inBlock = (l: Line) => !l.text.trim() || labelsOnly(l, hits) || (l.money.some((x) => x.explicit) && lineHits(hits, l.index).length > 0);
  let start = h.line;
  while (start > 0 && h.line - start < 8 && inBlock(lines[start - 1]) && !amountOnly(lines[start - 1], hits)) start--;
  const labels: LabelHit[] = [];
  let i = start;
  for (; i < lines.length && i - start < 12; i++) {
    const l = lines[i];
    if (amountOnly(l, hits)) break;
    if (!inBlock(l)) return undefined;
    if (labelsOnly(l, hits)) labels.push(...lineHits(hits, i).filter((x) => MONEY_FIELDS.has(x.def.field)));
  }
  const amounts: Money[] = [];
  for (; i < lines.length && amounts.length < labels.length; i++) {
    if (amountOnly(lines[i], hits)) amounts.push(lines[i].money[0]);
    else if (lines[i].text.trim()) break;
  }
  const k = labels.indexOf(h);
  return k >= 0 && amounts.length === labels.length ? amounts[k] : undefined;
}

/**
 * A band of labels over a band of amounts with single spaces between them, as OCR reads a boxed
 * totals row ("Netto | MwSt | Gesamtbetrag" over "CHF 1189.10 | CHF 96.32 | CHF 1'285.42"):
 * matched from the right, the last label over the last amount, since OCR drops or garbles labels
 * at the band's start more than the amounts. Only when the label's line carries no amount itself
 * and neither line keeps -layout's column gaps.
 */
function rowBelow(lines: Line[], hits: LabelHit[], h: LabelHit): Money | undefined {
  if (lines[h.line].money.some((x) => x.explicit) || columnar(lines[h.line].text)) return undefined;
  const next = valueLine(lines, h);
  // Laid out in columns, the label is a column header (handled by position, not by order).
  if (!next || columnar(next.text) || lineHits(hits, next.index).some((x) => x.def.field === "total")) return undefined;
  const amounts = next.money.filter((x) => x.explicit);
  const labels = lineHits(hits, h.line).filter((x) => KIND[x.def.field] === "money");
  if (!amounts.length || amounts.length < labels.length) return undefined;
  // Net, tax and gross that add up say which is which, whatever labels OCR kept or reordered.
  const [a, b, c] = amounts;
  if (amounts.length === 3 && close(a.value + b.value, c.value)) return h.def.field === "subtotal" ? a : h.def.field === "tax" ? b : c;
  return amounts[amounts.length - labels.length + labels.indexOf(h)];
}


function reconcile(total: Candidate<number> | undefined, subtotal: Candidate<number> | undefined, tax: Candidate<number> | undefined, lines: Line[]) {
  let t = total;
  let s = subtotal;
  let x = tax;
  if (t && s && x && close(s.value + x.value, t.value)) {
    const boost = (c: Candidate<number>) => ({ ...c, conf: Math.max(c.conf, 0.97) });
    return { total: boost(t), subtotal: boost(s), tax: boost(x) };
  }
  if (!t && s && x) t = { value: round2(s.value + x.value), conf: 0.6, line: x.line };
  if (t && s && !x && Math.abs(t.value) - Math.abs(s.value) > 0.005 && Math.sign(t.value) === Math.sign(s.value)) {
    // A VAT line OCR lost: the difference, when it is a plausible rate.
    const rate = (t.value - s.value) / s.value;
    if (rate > 0.01 && rate < 0.3) x = { value: round2(t.value - s.value), conf: 0.5, line: t.line };
  }
  if (t && s && x && !close(s.value + x.value, t.value) && close(s.value + x.value, -t.value)) t = { ...t, value: -t.value };
  if (!t) {
    // A till receipt whose total label OCR lost: what was tendered less the change, when that amount is printed.
    const paid = tenderedLessChange(lines);
    if (paid !== undefined) t = { value: paid, conf: 0.55, line: -1 };
  }
  if (!t) {
    // Last resort: the largest amount written as money.
    let best: Money | undefined;
    for (const l of lines) for (const m of l.money) if (m.explicit && (!best || Math.abs(m.value) > Math.abs(best.value))) best = m;
    if (best) t = { value: best.value, conf: 0.3, line: -1, currency: best.currency };
  }
  return { total: t, subtotal: s, tax: x };
}

const CHANGE_RE = /(?<![\p{L}])(?:change|wechselgeld|ruckgeld|wisselgeld|rendu|monnaie|cambio|vuelto|resto|reszta|troco|עודף)(?![\p{L}])/iu;

function tenderedLessChange(lines: Line[]): number | undefined {
  for (let i = 1; i < lines.length; i++) {
    if (!CHANGE_RE.test(lines[i].labels)) continue;
    const change = lines[i].money.find((x) => x.explicit);
    if (!change) continue;
    for (let j = i - 1; j >= Math.max(0, i - 2); j--) {
      const tendered = lines[j].money.filter((x) => x.explicit).at(-1);
      if (!tendered || tendered.value <= change.value) continue;
      const total = round2(tendered.value - change.value);
      if (lines.some((l) => l.index < j && l.money.some((x) => x.explicit && close(x.value, total)))) return total;
    }
  }
  return undefined;
}


// ---------------------------------------------------------------------------------------------
// Currency

function detectCurrency(text: string, lines: Line[], total: Candidate<number> | undefined, hebrew: boolean, monthFirst: boolean, defaultCurrency?: string): { value: string; conf: number } | undefined {
  const country = countryOf(text);
  // "kr" is read as SEK; the country says whether it is Norwegian or Danish crowns.
  const local = (c: string) => (c === "SEK" && country && ["NOK", "DKK", "ISK"].includes(COUNTRIES[country].currency) ? COUNTRIES[country].currency : c);
  if (total?.currency) return { value: local(total.currency), conf: 0.95 };
  const counts = new Map<string, number>();
  const bump = (c: string, n: number) => counts.set(c, (counts.get(c) ?? 0) + n);
  for (const l of lines) for (const m of l.money) if (m.currency) bump(m.currency, 1);
  // A sign inside a word is OCR's misreading of a letter ("£6dz" for "Łódź"), not a currency.
  for (const [re, c] of [[/₪|ש"ח|\bNIS\b|שקל/g, "ILS"], [/US\$(?!\d*\p{L})/gu, "USD"], [/€(?!\d*\p{L})/gu, "EUR"], [/£(?!\d*\p{L})/gu, "GBP"], [/₹(?!\d*\p{L})/gu, "INR"]] as const) {
    bump(c, ((text.match(re) ?? []).length * 0.5) as number);
  }
  // A code standing apart from its amount ("SUMA PLN      23,45").
  for (const m of text.matchAll(CODE_WORD_RE)) bump(m[1], 0.5);
  for (const [c, n] of [...counts.entries()]) if (n === 0) counts.delete(c);
  if (counts.size) {
    const [best] = [...counts.entries()].sort((a, b) => b[1] - a[1]);
    return { value: local(best[0]), conf: 0.85 };
  }
  if (hebrew) return { value: "ILS", conf: 0.6 };
  if (monthFirst) return { value: "USD", conf: 0.5 };
  if (country) return { value: COUNTRIES[country].currency, conf: 0.5 };
  if (/\bGB\s?\d{3}\s?\d{4}\s?\d{2}\b|\b[A-Z]{1,2}\d[A-Z\d]?\s\d[A-Z]{2}\b/.test(text)) return { value: "GBP", conf: 0.4 };
  if (defaultCurrency && /^[A-Z]{3}$/.test(defaultCurrency)) return { value: defaultCurrency, conf: 0.35 };
  return undefined;
}

const CODE_WORD_RE = new RegExp(String.raw`(?<![A-Za-z])(${CURRENCY_CODES.join("|")})(?![A-Za-z])`, "g");

// Where a document comes from when it names no currency: its VAT id's prefix, a country in its
// address, an international phone prefix. Each hint counts; the country with most wins.
type Country = { currency: string; names: string; phone: string };
const COUNTRIES: Record<string, Country> = {
  DE: { currency: "EUR", names: "germany|deutschland", phone: "49" },
  AT: { currency: "EUR", names: "austria|osterreich", phone: "43" },
  NL: { currency: "EUR", names: "netherlands|nederland|the netherlands", phone: "31" },
  BE: { currency: "EUR", names: "belgium|belgique|belgie", phone: "32" },
  FR: { currency: "EUR", names: "france", phone: "33" },
  IT: { currency: "EUR", names: "italy|italia", phone: "39" },
  ES: { currency: "EUR", names: "spain|espana", phone: "34" },
  PT: { currency: "EUR", names: "portugal", phone: "351" },
  IE: { currency: "EUR", names: "ireland", phone: "353" },
  LU: { currency: "EUR", names: "luxembourg", phone: "352" },
  FI: { currency: "EUR", names: "finland|suomi", phone: "358" },
  PL: { currency: "PLN", names: "poland|polska", phone: "48" },
  CH: { currency: "CHF", names: "switzerland|schweiz|suisse|svizzera", phone: "41" },
  SE: { currency: "SEK", names: "sweden|sverige", phone: "46" },
  NO: { currency: "NOK", names: "norway|norge", phone: "47" },
  DK: { currency: "DKK", names: "denmark|danmark", phone: "45" },
  GB: { currency: "GBP", names: "united kingdom|england|scotland|wales", phone: "44" },
  IN: { currency: "INR", names: "india", phone: "91" },
  MY: { currency: "MYR", names: "malaysia", phone: "60" },
  SG: { currency: "SGD", names: "singapore", phone: "65" },
  JP: { currency: "JPY", names: "japan", phone: "81" },
  CA: { currency: "CAD", names: "canada", phone: "" },
  AU: { currency: "AUD", names: "australia", phone: "61" },
  NZ: { currency: "NZD", names: "new zealand", phone: "64" },
  CZ: { currency: "CZK", names: "czech republic|czechia|cesko", phone: "420" },
  HU: { currency: "HUF", names: "hungary|magyarorszag", phone: "36" },
  IL: { currency: "ILS", names: "israel", phone: "972" },
};
const COUNTRY_NAME_RE = new RegExp(String.raw`(?<![\p{L}])(${Object.values(COUNTRIES).map((c) => c.names).join("|")})(?![\p{L}])`, "giu");
// A VAT id: the EU style "DE123456789", "NL123456789B01", "PL1234567890" after a VAT word or alone.
const VAT_ID_RE = /(?<![A-Z\d])(DE|AT|NL|BE|FR|IT|ES|PT|IE|LU|FI|PL|SE|DK|CZ|HU|GB|CHE)[\s-]?\d[\d\s.]{7,13}(?:B\d{2}|MWST|TVA|IVA)?(?![\d])/g;
const PHONE_RE = /(?<![\w+])\+\s?(\d{1,3})[\s.()-]{1,3}\d/g;

function countryOf(text: string): string | undefined {
  const votes = new Map<string, number>();
  const vote = (c: string, n: number) => votes.set(c, (votes.get(c) ?? 0) + n);
  const head = foldAccents(text.slice(0, 20_000));
  for (const m of head.matchAll(VAT_ID_RE)) vote(m[1] === "CHE" ? "CH" : m[1], 2);
  if (/\bGSTIN\b/.test(head)) vote("IN", 2);
  if (/\bSST\b|\bSdn\.?\s*Bhd\b/i.test(head)) vote("MY", 2);
  if (/\bABN\b/.test(head)) vote("AU", 2);
  if (/\bNIP\b/.test(head)) vote("PL", 1);
  // National business and tax numbers by their own names: each is one country's.
  if (/\bK\.?v\.?K\b/i.test(head)) vote("NL", 2);
  if (/\b(?:P\.\s?IVA|Partita\s+IVA)\b/i.test(head)) vote("IT", 2);
  if (/\bSIRE[TN]\b/.test(head)) vote("FR", 2);
  if (/\b(?:USt-?Id(?:Nr|-Nr)?|Steuernummer|HRB)\b/.test(head)) vote("DE", 1);
  // Portugal's NIF is nine digits; Spain's NIF/CIF has a letter at one end of eight digits.
  if (/\bNIF\s*:?\s*(?:PT\s?)?\d{9}\b/.test(head)) vote("PT", 2);
  if (/\b(?:NIF|CIF|NIE)\s*:?\s*(?:ES\s?)?(?:[A-Z]\d{7,8}|\d{8}[A-Z])\b/i.test(head)) vote("ES", 2);
  for (const m of head.matchAll(COUNTRY_NAME_RE)) {
    const name = m[1].toLowerCase();
    const code = Object.entries(COUNTRIES).find(([, c]) => c.names.split("|").includes(name))?.[0];
    if (code) vote(code, 1);
  }
  for (const m of head.matchAll(PHONE_RE)) {
    const code = Object.entries(COUNTRIES).find(([, c]) => c.phone && m[1].startsWith(c.phone) && (c.phone.length === 3 || m[1].length <= 3))?.[0];
    if (code) vote(code, 1);
  }
  let best: string | undefined;
  for (const [c, n] of votes) if (!best || n > votes.get(best)!) best = c;
  return best;
}

// ---------------------------------------------------------------------------------------------
// Document type

const OTHER_RE = /(?<![\p{L}])(?:quotation|quote|estimate|pro[\s-]?forma|purchase\s*order|order\s*confirmation|statement(?:\s*of\s*account)?|delivery\s*note|packing\s*slip|offerte|pakbon|angebot|kostenvoranschlag|lieferschein|auftragsbestatigung|devis|bon\s*de\s*(?:livraison|commande)|preventivo|presupuesto|oferta|orcamento|הצעת\s*מחיר|תעודת\s*משלוח|הזמנת\s*רכש|חשבון\s*עסקה|דרישת\s*תשלום)(?![\p{L}])/iu;
const INVOICE_RE = /(?<![\p{L}])(?:invoice|credit\s*note|debit\s*note|bill|factuur|creditnota|rechnung|rechnungs(?=[\s-]*(?:nr|nummer|datum|betrag))|gutschrift|facture|avoir|fattura|nota\s*di\s*credito|factura|faktura|fatura|חשבונית|חשבונית\s*מס|חשבונית\s*זיכוי)(?![\p{L}])/iu;
const RECEIPT_RE = /(?<![\p{L}])(?:receipt|till\s*receipt|kwitantie|kassabon|kassenbon|kassenbeleg|bon(?=\s*-?\s*(?:nr|n[°º]|#|:?\s*$))|bonnr|quittung|recu|ticket(?:\s*de\s*caisse)?|tiquet|ricevuta|scontrino|recibo|paragon(?:\s*fiskalny)?|tal[ad]o|cupom\s*fiscal|קבלה)(?![\p{L}])/iu;
const NOT_TITLE_RE = /(?:due|upon|on|after)\s+receipt|(?:against|quoting|for|of|re:?|see|your)\s+(?:the\s+)?invoice|invoice\s+(?:number|no\.?|#|date)(?![\p{L}])(?![.:#\s]*\S*\d)|בגין\s+חשבונית/iu;
// How a till receipt says it was paid, in the nine languages: the tender and the change.
const PAID_RE = /(?<![\p{L}])(?:cash|change|card|visa|mastercard|maestro|amex|contactless|paid|tendered|ec-?\s?karte|kartenzahlung|barzahlung|bar\s*gegeben|ruckgeld|gegeben|pinnen|pin|contant|wisselgeld|especes|carte\s*bancaire|cb\s*sans\s*contact|rendu|contanti|bancomat|carta|resto|efectivo|tarjeta|cambio|gotowka|karta|reszta|dinheiro|multibanco|troco|מזומן|אשראי|עודף|שולם)(?![\p{L}])/iu;

function detectType(lines: Line[]): { value: "invoice" | "receipt" | "other"; conf: number } {
  for (const l of lines) {
    const t = l.labels.replace(NOT_TITLE_RE, " ");
    const other = OTHER_RE.test(t);
    const invoice = INVOICE_RE.test(t);
    const receipt = RECEIPT_RE.test(t);
    if (!other && !invoice && !receipt) continue;
    if (other && !INVOICE_RE.test(t)) return { value: "other", conf: 0.85 };
    if (invoice) return { value: "invoice", conf: 0.9 };
    if (receipt) return { value: "receipt", conf: 0.9 };
    return { value: "other", conf: 0.7 };
  }
  // No title: the words used anywhere ("Invoice number" under a column) still tell.
  const all = lines.map((l) => l.labels).join("\n");
  if (INVOICE_RE.test(all.replace(NOT_TITLE_RE, " "))) return { value: "invoice", conf: 0.6 };
  if (lines.some((l) => PAID_RE.test(l.labels))) return { value: "receipt", conf: 0.55 };
  if (RECEIPT_RE.test(all.replace(NOT_TITLE_RE, " "))) return { value: "receipt", conf: 0.5 };
  return { value: "other", conf: 0.3 };
}

// ---------------------------------------------------------------------------------------------
// Summary

export function summarize(e: Extraction, taxWord = "tax"): string {
  const f = e.fields;
  const type = f.document_type?.value === "receipt" ? "Receipt" : f.document_type?.value === "invoice" ? (f.total && f.total.value < 0 ? "Credit note" : "Invoice") : "Document";
  const cur = f.currency?.value;
  let s = type;
  if (f.number) s += ` ${f.number.value}`;
  if (f.vendor) s += ` from ${f.vendor.value}`;
  if (f.issue_date) s += ` dated ${f.issue_date.value}`;
  if (f.total) {
    s += ` for ${formatMoney(f.total.value, cur)}`;
    if (f.tax) s += ` (${taxWord} ${formatMoney(f.tax.value, cur)})`;
  }
  s += ".";
  const extra: string[] = [];
  if (e.line_items.length) extra.push(`${e.line_items.length} line item${e.line_items.length === 1 ? "" : "s"}`);
  if (f.due_date) extra.push(`due ${f.due_date.value}`);
  if (extra.length) s += ` ${extra.join(", ").replace(/^./, (c) => c.toUpperCase())}.`;
  return s;
}
