// Line items: the rows of the table between its header and the totals, or on a receipt between
// the last number/date line and the total. Rows that cannot be read with confidence are dropped.
import type { LineItem } from "../documents/contract";
import { KIND, lineHits, type Candidate, type LabelHit, type Line } from "./lines";
import { close, HEBREW, type Money } from "./text";

const HEADER_WORDS = /(?<![\p{L}])(?:description|item|items|product|service|details|qty|quantity|unit\s*price|price|rate|amount|total|hours|תיאור|פריט|מוצר|שירות|כמות|מחיר(?:\s*ליחידה)?|סכום|סה"?כ|#)(?![\p{L}])/giu;
const STOP_RE = /(?<![\p{L}])(?:sub[\s-]?total|total|net\s*amount|vat|tax|amount\s*due|balance|סה"?כ|סכום\s*ביניים|מע"?מ|לתשלום)(?![\p{L}])/iu;
const NOT_ITEM_RE = /(?<![\p{L}])(?:cash|change|card|visa|mastercard|paid|tendered|thank|invoice|receipt|date|page|מזומן|אשראי|עודף|שולם|תודה|תאריך)(?![\p{L}])/iu;

export const CURRENCY_WORD_RE = /(?<![\p{L}])(?:ש"ח|ש''ח|שח|ILS|NIS|USD|EUR|GBP)(?![\p{L}])/gu;

export function extractLineItems(lines: Line[], hits: LabelHit[]): LineItem[] {
  // The table starts under a header row ("Description  Qty  Price  Amount") or, on receipts,
  // after the last line that carried a number or date label; it ends at the first totals line.
  let start = -1;
  for (const l of lines) {
    const words = new Set((l.text.match(HEADER_WORDS) ?? []).map((w) => w.toLowerCase().replace(/\s+/g, " ")));
    if (words.size >= 2 && !l.money.some((m) => m.explicit)) start = l.index + 1;
    if (start >= 0) break;
  }
  const firstStop = (from: number) => lines.find((l) => l.index >= from && STOP_RE.test(l.text) && lineHits(hits, l.index).some((h) => KIND[h.def.field] === "money"))?.index ?? lines.length;
  if (start < 0) {
    const stop = firstStop(0);
    const meta = hits.filter((h) => h.line < stop && (KIND[h.def.field] === "date" || h.def.field === "number")).map((h) => h.line);
    const dated = lines.filter((l) => l.index < stop && l.dates.length).map((l) => l.index);
    start = Math.max(-1, ...meta, ...dated) + 1;
  }
  const end = firstStop(start);
  const items: LineItem[] = [];
  let pending: { description: string; qty: number | null } | undefined;
  for (const l of lines.slice(start, end)) {
    const t = l.text.trim();
    if (!t) continue;
    if (NOT_ITEM_RE.test(t) && !l.money.length) continue;
    const letters = (t.match(/\p{L}/gu) ?? []).length;
    if (letters === 0 || /^[@x×*\s\d.,$€£₪-]+$/u.test(t.replace(/ש"ח|ILS|USD|EUR|GBP/g, ""))) {
      // A numbers-only row continues the description above it ("2 x SCREWS" / "@ 3.49  6.98").
      if (pending && l.money.length) {
        const rowNums = HEBREW.test(pending.description) && !/[@]/.test(t) ? [...l.money].reverse() : l.money;
        const qty: Money[] = pending.qty === null ? [] : [{ value: pending.qty, start: 0, end: 0, explicit: false, digits: String(pending.qty) }];
        const item = itemFrom(pending.description, [...qty, ...rowNums], l);
        if (item) items.push(item);
      }
      pending = undefined;
      continue;
    }
    // "2 x Flat White": a quantity written before the description.
    const qtyPrefix = /^\s*(\d+(?:[.,]\d+)?)\s*[x×*]\s+(?=\p{L})/u.exec(l.text);
    const row = qtyPrefix ? { ...l, text: " ".repeat(qtyPrefix[0].length) + l.text.slice(qtyPrefix[0].length), money: l.money.filter((m) => m.start >= qtyPrefix[0].length) } : l;
    const prefixQty: Money[] = qtyPrefix ? [{ value: Number(qtyPrefix[1].replace(",", ".")), start: 0, end: 0, explicit: false, digits: qtyPrefix[1] }] : [];
    const { description, before, after } = splitRow(row);
    if (!description) continue;
    if (!before.length && !after.length) {
      pending = { description, qty: prefixQty[0]?.value ?? null };
      continue;
    }
    pending = undefined;
    // Numbers in reading order: right-to-left rows (amounts before a Hebrew description) are reversed.
    const rtl = HEBREW.test(description) && before.length > 0 && after.length === 0;
    const nums = rtl ? [...after, ...before].reverse() : [...prefixQty, ...before, ...after];
    const item = itemFrom(description, nums, row);
    if (item) items.push(item);
  }
  return items;
}

/**
 * Rows that cannot be read with confidence are stored as none rather than as guesses: an amount
 * OCR turned to 0, or rows that miss the subtotal/total by half. A smaller miss keeps the rows,
 * and the advisory line_items_sum check marks them doubtful.
 */
export function trustedItems(items: LineItem[], target: Candidate<number> | undefined): LineItem[] {
  if (!items.length) return items;
  if (items.some((i) => i.amount === 0)) return [];
  if (!target || target.value === 0) return items;
  const sum = items.reduce((a, i) => a + (i.amount ?? 0), 0);
  return Math.abs(sum - target.value) > Math.abs(target.value) * 0.5 ? [] : items;
}

/** The description is the stretch from the first to the last letter; amounts sit before or after it. */
function splitRow(l: Line): { description: string; before: Money[]; after: Money[] } {
  // OCR debris after the last amount ("69.50 oar") or before the first one is not a description.
  let text = l.text;
  const lastMoney = l.money[l.money.length - 1];
  if (lastMoney && /^(?:\s+[^\s\d]{1,4}){1,3}\s*$/u.test(text.slice(lastMoney.end)) && /\p{L}/u.test(text.slice(0, lastMoney.start))) {
    text = text.slice(0, lastMoney.end);
  }
  // Letters of currencies (EUR, ש"ח), inside an amount or beside one ("180.00 ש"ח 900.00 ש"ח"
  // gives its first sign to neither), do not count: the description is the stretch between the others.
  const currencies = [...text.matchAll(CURRENCY_WORD_RE)].map((m) => ({ start: m.index!, end: m.index! + m[0].length }));
  const inMoney = (i: number) => [...l.money, ...currencies].some((m) => i >= m.start && i < m.end);
  const letters = [...text.matchAll(/\p{L}/gu)].filter((m) => !inMoney(m.index!));
  if (!letters.length) return { description: "", before: [], after: [] };
  const from = letters[0].index!;
  let to = letters[letters.length - 1].index! + 1;
  // A model name ends the description with its digits ("Flyers A5").
  while (to < text.length && /[\p{L}\p{N}]/u.test(text[to]) && !inMoney(to)) to++;
  const description = text
    .slice(from, to)
    .replace(/\s{2,}/g, " ")
    .replace(/[\s|_:;.,=-]+$/u, "")
    .replace(/^[\s|_:;.,=-]+/u, "")
    .trim();
  return { description, before: l.money.filter((m) => m.end <= from), after: l.money.filter((m) => m.start >= to && m.end <= text.length) };
}

/**
 * Quantity, unit price and amount from a row's numbers given in reading order: the triple where
 * quantity x unit price = amount (a count written without decimals is the quantity, and the
 * quantity comes before the price), else the last amount alone.
 */
function itemFrom(description: string, nums: Money[], l: Line): LineItem | undefined {
  if (!nums.length) return undefined;
  let best: { score: number; item: LineItem } | undefined;
  for (let a = nums.length - 1; a >= 0; a--) {
    for (let q = 0; q < nums.length; q++) {
      for (let u = 0; u < nums.length; u++) {
        if (a === q || a === u || q === u) continue;
        const [qty, unit, amount] = [nums[q], nums[u], nums[a]];
        if (qty.value <= 0 || qty.value > 100000) continue;
        if (Math.abs(amount.value) < 0.005) continue;
        if (!close(qty.value * unit.value, amount.value)) continue;
        const score = (qty.explicit ? 0 : 4) + (q < u ? 2 : 0) + (u < a ? 1 : 0) + (a === nums.length - 1 ? 1 : 0) + (qty.currency ? -4 : 0);
        if (!best || score > best.score) best = { score, item: { description, quantity: qty.value, unit_price: unit.value, amount: amount.value } };
      }
    }
  }
  if (best) return best.item;
  // Without a consistent triple the row needs something written as money (OCR debris often has digits).
  const explicit = nums.filter((m) => m.explicit);
  if (!explicit.length && l.money.length < 2) return undefined;
  const pool = explicit.length ? explicit : nums;
  return { description, quantity: null, unit_price: null, amount: pool[pool.length - 1].value };
}
