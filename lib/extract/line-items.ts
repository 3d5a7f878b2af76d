// Line items: the rows of the table between its header and the totals, or on a receipt between
// the last number/date line and the total. Rows that cannot be read with confidence are dropped.
// The words of the table (headers, totals, till-roll lines, carried-forward lines) are per-language
// tables in labels.ts, matched on the accent-folded text like the field labels.
import type { LineItem } from "../documents/contract";
import { LINE_ITEM_WORDS_BY_LANGUAGE, type ItemColumn, type LineItemWords } from "./labels";
import { KIND, lineHits, type Candidate, type LabelHit, type Line } from "./lines";
import { close, foldAccents, HEBREW, parseNumber, type Money } from "./text";

const TABLES = Object.values(LINE_ITEM_WORDS_BY_LANGUAGE);
// Hebrew letters are not \w: these stand in for \b on either side. Inside a phrase spaces are few
// (a wide gap is a column boundary).
const B = String.raw`(?<![\p{L}\d])`;
const E = String.raw`(?![\p{L}])`;
const source = (list: string[]) => list.join("|").replace(/\\s\*/g, String.raw`\s{0,2}`).replace(/\\s\+/g, String.raw`\s{1,2}`);
const words = (pick: (t: LineItemWords) => string[] | undefined, flags = "iu") => new RegExp(`${B}(?:${source(TABLES.flatMap((t) => pick(t) ?? []))})${E}`, flags);
/** The whole of a description is one of the words ("Übertrag:", "Carried forward"). */
const whole = (pick: (t: LineItemWords) => string[] | undefined) => new RegExp(`^\\s*(?:${source(TABLES.flatMap((t) => pick(t) ?? []))})\\s*[:.]?\\s*$`, "iu");

const COLUMNS: ItemColumn[] = ["description", "quantity", "price", "amount"];
const HEADER: Record<ItemColumn, RegExp> = Object.fromEntries(COLUMNS.map((c) => [c, words((t) => t.header[c])])) as Record<ItemColumn, RegExp>;
const STOP_RE = words((t) => t.stop);
const NOT_ITEM_ONLY_RE = new RegExp(`^(?:\\s*(?:${source(TABLES.flatMap((t) => t.notItem))})[\\s:.()-]*)+$`, "iu");
const CARRIED_STRONG_RE = whole((t) => t.carried.strong);
const CARRIED_WEAK_RE = whole((t) => t.carried.weak);
const CARRIED_ANY_RE = words((t) => t.carried.strong);
const PAGE_RE = new RegExp(`${B}(?:${source(TABLES.flatMap((t) => t.page.page))})\\.?\\s*\\d{1,3}\\s*(?:/|(?:${source(TABLES.flatMap((t) => t.page.of))})${E})\\s*\\d{1,3}(?!\\d)`, "iu");
const UNITS = source([...new Set(TABLES.flatMap((t) => t.units))]);
/**
 * A quantity at the end of a description: with its unit ("Toner   2 Stk"), or where a scan lost the
 * column gaps, bare or followed by a speck OCR read as a letter ("Câble HDMI 2 m 12 i").
 */
const UNIT_QTY_END_RE = new RegExp(String.raw`\s(\d+(?:[.,]\d+)?)\s?(?:${UNITS})\.?$`, "iu");
const BARE_QTY_END_RE = /\s(\d{1,4})(?:\s\p{Ll})?$/u;
const UNIT_COLUMN_RE = new RegExp(String.raw`(?<=[\p{L}.)])\s+(?:${UNITS})\.?$`, "iu");
const UNIT_AFTER_RE = new RegExp(String.raw`^\s?(?:${UNITS})\.?\s*$`, "iu");
/** A quantity before the description: "2 x Flat White", "3 szt. x Kawa". */
const QTY_PREFIX_RE = new RegExp(String.raw`^\s*(\d+(?:[.,]\d+)?)\s*(?:(?:${UNITS})\.?\s*)?[x×*]\s+(?=\p{L})`, "iu");
/** What a numbers-only row may also carry: units, currencies, "x" and "@" ("3 szt. x 18,99 zł"). */
const ROW_NOISE_RE = new RegExp(String.raw`${B}(?:${UNITS}|zł|zl|kr|ILS|NIS|USD|EUR|GBP|PLN|CHF|SEK|NOK|DKK|CZK|HUF|RM|Rs)\.?${E}|ש"ח|ש''ח`, "giu");

export const CURRENCY_WORD_RE = /(?<![\p{L}])(?:ש"ח|ש''ח|שח|ILS|NIS|USD|EUR|GBP)(?![\p{L}])/gu;

/** A count after a column word ends the line: "TOTAL ITEMS 2", "Qty: 3" sum up the rows, they do not head them. */
const COUNT_RE = new RegExp(`${B}(?:${source(TABLES.flatMap((t) => Object.values(t.header).flat()))})\\s*:?\\s*\\d+\\s*$`, "iu");
const columnsOf = (l: Line) => (COUNT_RE.test(l.labels) ? [] : COLUMNS.filter((c) => HEADER[c].test(l.labels)));

/**
 * Header rows: a line naming two kinds of column with no amount on it, or, where a layout is read
 * one cell a line, a run of short lines that each name a column and together three kinds.
 */
function headerRows(lines: Line[]): number[] {
  const out = new Set<number>();
  let run: Line[] = [];
  const endRun = () => {
    if (new Set(run.flatMap(columnsOf)).size >= 3) for (const r of run) out.add(r.index);
    run = [];
  };
  for (const l of lines) {
    if (!l.text.trim()) continue;
    const kinds = l.money.some((m) => m.explicit) ? [] : columnsOf(l);
    if (kinds.length >= 2) out.add(l.index);
    if (kinds.length >= 1 && !l.money.length && l.text.trim().split(/\s+/).length <= 3) run.push(l);
    else endRun();
  }
  endRun();
  // A header repeated on the next page names the same columns; a description that happens to hold
  // two such words ("Product price adjustment") is a row.
  const sorted = [...out].sort((a, b) => a - b);
  if (!sorted.length) return sorted;
  const first = new Set(columnsOf(lines[sorted[0]]));
  const same = (i: number) => columnsOf(lines[i]).length < 2 || (columnsOf(lines[i]).length === first.size && columnsOf(lines[i]).every((c) => first.has(c)));
  return sorted.filter((i, k) => k === 0 || same(i));
}

type Row = LineItem & { multiplied?: boolean };

export function extractLineItems(lines: Line[], hits: LabelHit[]): LineItem[] {
  // The table starts under a header row ("Description  Qty  Price  Amount") or, on receipts,
  // after the last line that carried a number or date label; it ends at the first totals line.
  const headers = headerRows(lines);
  let start = headers.length ? headers[0] + 1 : -1;
  // A totals line carries its amount, written as money, on it or on the next line under it: a tax
  // word beside an identifier is a VAT number's line ("BTW NL856789012B01", "TVA FR 52 412345678").
  const amountOn = (l: Line | undefined) => !!l && l.money.some((m) => m.explicit);
  const nextLine = (l: Line) => lines.slice(l.index + 1, l.index + 3).find((n) => n.text.trim());
  // A repeated header row ("Wartość netto" heads a column) and a carried-forward line ("Suma y
  // sigue") are not the totals either.
  const isStop = (l: Line) =>
    STOP_RE.test(l.labels) &&
    !headers.includes(l.index) &&
    !CARRIED_ANY_RE.test(l.labels) && lineHits(hits, l.index).some((h) => KIND[h.def.field] === "money") && (amountOn(l) || amountOn(nextLine(l)));
  const firstStop = (from: number) => lines.find((l) => l.index >= from && isStop(l))?.index ?? lines.length;
  if (start < 0) {
    const stop = firstStop(0);
    const meta = hits.filter((h) => h.line < stop && (KIND[h.def.field] === "date" || h.def.field === "number")).map((h) => h.line);
    const dated = lines.filter((l) => l.index < stop && l.dates.length).map((l) => l.index);
    start = Math.max(-1, ...meta, ...dated) + 1;
  }
  const end = firstStop(start);
  // Between pages (a carried-forward line, "Page 2 of 3") the page's header and footer are not
  // items: reading resumes under the next header row, or at once if none follows.
  const resumeAfter = (i: number) => {
    const next = headers.find((h) => h > i && h < end);
    return next === undefined ? i + 1 : next + 1;
  };
  const items: Row[] = [];
  const sum = () => items.reduce((a, i) => a + (i.amount ?? 0), 0);
  // A description alone on its line takes the numbers-only lines under it: "Kawa mielona" /
  // "3 x 18,99  56,97", or one cell a line where a layout is read column by column.
  let pending: { description: string; qty: number | null; nums: Money[]; multiplied: boolean } | undefined;
  const flush = () => {
    if (pending?.nums.length) {
      const qty: Money[] = pending.qty === null ? [] : [{ value: pending.qty, start: 0, end: 0, explicit: false, digits: String(pending.qty) }];
      const item = itemFrom(pending.description, [...qty, ...pending.nums], { money: pending.nums });
      if (item) items.push({ ...item, multiplied: item.quantity !== null && pending.multiplied });
    }
    pending = undefined;
  };
  for (let i = start; i < end; i++) {
    const l = lines[i];
    const t = l.text.trim();
    if (!t) continue;
    // A till's tax-class letter after the amount ("2 x 1,19   2,38 A") is not a word either.
    const bare = t.replace(ROW_NOISE_RE, "").replace(/(?<=\d)\s+[A-Z]\s*$/u, "");
    const letters = (bare.match(/\p{L}/gu) ?? []).length;
    if (letters === 0 || /^[@x×*\s\d.,$€£₪-]+$/u.test(bare)) {
      if (pending && l.money.length && pending.nums.length < 4) {
        pending.nums.push(...(HEBREW.test(pending.description) && !/[@]/.test(t) ? [...l.money].reverse() : l.money));
        pending.multiplied ||= pending.qty !== null || /[x×*@]/u.test(t);
        // A row whose numbers agree (quantity x price = amount) is complete.
        if (tripleOf(pending.description, pending.nums)) flush();
      } else flush();
      continue;
    }
    flush();
    if (headers.includes(i)) continue;
    if (PAGE_RE.test(l.labels)) {
      i = resumeAfter(i) - 1;
      continue;
    }
    // A payment or greeting line alone ("Bar", "Merci"), not a description that has such a word ("Chocolate bar").
    if (!l.money.length && NOT_ITEM_ONLY_RE.test(l.labels.trim())) continue;
    const qtyPrefix = QTY_PREFIX_RE.exec(l.text);
    const row = qtyPrefix ? { ...l, text: " ".repeat(qtyPrefix[0].length) + l.text.slice(qtyPrefix[0].length), money: l.money.filter((m) => m.start >= qtyPrefix[0].length) } : l;
    const prefixQty: Money[] = qtyPrefix ? [{ value: Number(qtyPrefix[1].replace(",", ".")), start: 0, end: 0, explicit: false, digits: qtyPrefix[1] }] : [];
    const { description, before, after } = splitRow(row);
    if (!description) continue;
    if (NOT_ITEM_ONLY_RE.test(foldAccents(description))) continue;
    if (!before.length && !after.length) {
      pending = { description, qty: prefixQty[0]?.value ?? null, nums: [], multiplied: false };
      continue;
    }
    // The running total carried between pages is not an item.
    const last = [...before, ...after].pop()!;
    const folded = foldAccents(description);
    if (CARRIED_STRONG_RE.test(folded) || (CARRIED_WEAK_RE.test(folded) && items.length > 0 && close(last.value, sum()))) {
      i = resumeAfter(i) - 1;
      continue;
    }
    // Numbers in reading order: right-to-left rows (amounts before a Hebrew description) are reversed.
    const rtl = HEBREW.test(description) && before.length > 0 && after.length === 0;
    const nums = rtl ? [...after, ...before].reverse() : [...prefixQty, ...before, ...after];
    let item = itemFrom(description, nums, row);
    // A quantity that ends the description ("Toner   2 Stk   45,00   90,00") counts where it makes
    // quantity x price = amount.
    const unitQty = UNIT_QTY_END_RE.exec(description) ?? BARE_QTY_END_RE.exec(description);
    if (item && item.quantity === null && unitQty && !prefixQty.length) {
      const q = Number(unitQty[1].replace(",", "."));
      const withQty = itemFrom(description.slice(0, unitQty.index).trim(), [{ value: q, start: 0, end: 0, explicit: false, digits: unitQty[1] }, ...nums], row);
      if (withQty && withQty.quantity === q) item = withQty;
    }
    if (item && item.quantity !== null) item = { ...item, description: withoutUnitColumn(item.description, row.text) };
    if (item) items.push({ ...item, multiplied: item.quantity !== null && prefixQty.length > 0 });
  }
  flush();
  // A till prints the count only when it is more than one: where some rows say "2 x", a row with
  // its price alone is one of it.
  const tillCounts = items.some((i) => i.multiplied);
  return items.map(({ multiplied: _, ...i }) => (tillCounts && i.quantity === null && i.amount !== null ? { ...i, quantity: 1, unit_price: i.amount } : i));
}

/**
 * Rows that cannot be read with confidence are stored as none rather than as guesses: an amount
 * OCR turned to 0, or rows that miss the subtotal/total by half. A smaller miss keeps the rows,
 * and the advisory line_items_sum check marks them doubtful. Where the rows read so far already
 * make the subtotal and the rest do not, the rest are what follows the table (a table placed
 * last, with no totals under it), not items.
 */
export function trustedItems(items: LineItem[], target: Candidate<number> | undefined): LineItem[] {
  if (!items.length) return items;
  if (!target || target.value === 0) return items.some((i) => i.amount === 0) ? [] : items;
  const near = (n: number, k: number) => Math.abs(n - target.value) <= Math.max(0.02, 0.01 * k);
  let kept = items;
  let running = 0;
  const all = items.reduce((a, i) => a + (i.amount ?? 0), 0);
  if (!near(all, items.length))
    for (let k = 0; k < items.length - 1; k++) {
      running += items[k].amount ?? 0;
      if (near(running, k + 1)) {
        kept = items.slice(0, k + 1);
        break;
      }
    }
  if (kept.some((i) => i.amount === 0)) return [];
  const sum = kept.reduce((a, i) => a + (i.amount ?? 0), 0);
  return Math.abs(sum - target.value) > Math.abs(target.value) * 0.5 ? [] : kept;
}

/**
 * A unit column between the description and the numbers ("Kabel HDMI 2 m   szt.   5 ...") is not
 * the description's: a unit word at its end that stands apart in the row or is abbreviated
 * ("szt.", "godz."). A unit after a number is the description's ("Farba 10 l"), and so is a word
 * like "Support hours".
 */
function withoutUnitColumn(description: string, rowText: string): string {
  const unit = UNIT_COLUMN_RE.exec(description);
  if (!unit) return description;
  const word = unit[0].trim();
  const apart = rowText.includes(`  ${word}`) || (word.length <= 4 && rowText.includes(`${word}.`));
  return apart ? description.slice(0, unit.index) : description;
}

/** The description is the stretch from the first to the last letter; amounts sit before or after it. */
function splitRow(l: Line): { description: string; before: Money[]; after: Money[] } {
  // OCR debris after the last amount ("69.50 oar") or before the first one is not a description.
  let text = l.text;
  const lastMoney = l.money[l.money.length - 1];
  // A unit is not debris: "Appels 1 kg" is a description.
  const tail = lastMoney ? text.slice(lastMoney.end) : "";
  if (lastMoney && /^(?:\s+[^\s\d]{1,4}){1,3}\s*$/u.test(tail) && !UNIT_AFTER_RE.test(foldAccents(tail)) && /\p{L}/u.test(text.slice(0, lastMoney.start))) {
    text = text.slice(0, lastMoney.end);
  }
  // Letters of currencies (EUR, ש"ח), inside an amount or beside one ("180.00 ש"ח 900.00 ש"ח"
  // gives its first sign to neither), do not count: the description is the stretch between the others.
  const currencies = [...text.matchAll(CURRENCY_WORD_RE)].map((m) => ({ start: m.index!, end: m.index! + m[0].length }));
  const inMoney = (i: number) => [...l.money, ...currencies].some((m) => i >= m.start && i < m.end);
  const letters = [...text.matchAll(/\p{L}/gu)].filter((m) => !inMoney(m.index!));
  if (!letters.length) return { description: "", before: [], after: [] };
  let from = letters[0].index!;
  // A size or model written before the words belongs to them ("200A breaker panel").
  while (from > 0 && /\p{N}/u.test(text[from - 1])) from--;
  let to = letters[letters.length - 1].index! + 1;
  // A model name ends the description with its digits ("Flyers A5"), a bracket opened in it closes
  // in it ("Papier (ryza)", "Wizytówki (500 szt.)"), and a count in brackets after it is part of
  // it ("Visitekaartjes (500)", "Toner (2)"): such a number is not a negative amount.
  while (to < text.length && /[\p{L}\p{N}]/u.test(text[to]) && !inMoney(to)) to++;
  for (;;) {
    const open = (text.slice(from, to).match(/\(/g) ?? []).length > (text.slice(from, to).match(/\)/g) ?? []).length;
    const close = open ? /^\.?\)/.exec(text.slice(to)) : null;
    const count = /^\s?\(\d{1,4}\)(?![.,]?\d)/.exec(text.slice(to));
    const m = close ?? count;
    if (!m || (count && l.money.filter((x) => x.start >= to).length < 2)) break;
    to += m[0].length;
  }
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
function itemFrom(description: string, nums: Money[], l: { money: Money[]; text?: string }): LineItem | undefined {
  if (!nums.length) return undefined;
  const best = tripleOf(description, nums) ?? tripleOf(description, splitGroups(nums));
  if (best) return best;
  // A percentage on the row is a discount off quantity x price ("Dto. 10%", "Rabatt") or the tax
  // a gross line amount includes ("VAT 23%").
  for (const pct of percentages(l.text ?? "")) {
    const item = tripleOf(description, nums, 1 - pct / 100) ?? tripleOf(description, nums, 1 + pct / 100);
    if (item) return item;
  }
  // Without a consistent triple the row needs something written as money (OCR debris often has digits).
  const explicit = nums.filter((m) => m.explicit);
  // A unit price equal to the amount is one of it (the "1" of the quantity column lost to a scan).
  const [u, a] = explicit.slice(-2);
  if (explicit.length === 2 && a.value !== 0 && close(u.value, a.value)) return { description, quantity: 1, unit_price: u.value, amount: a.value };
  if (!explicit.length && l.money.length < 2) return undefined;
  const pool = explicit.length ? explicit : nums;
  return { description, quantity: null, unit_price: null, amount: pool[pool.length - 1].value };
}

const percentages = (text: string) =>
  [...text.matchAll(/(?<![\d.,])(\d{1,2}(?:[.,]\d{1,2})?)\s?%/g)].map((m) => Number(m[1].replace(",", "."))).filter((p) => p > 0 && p < 100);

/** The quantity, unit price and amount among a row's numbers: quantity x price (x factor) = amount. */
function tripleOf(description: string, nums: Money[], factor = 1): LineItem | undefined {
  let best: { score: number; item: LineItem } | undefined;
  for (let a = nums.length - 1; a >= 0; a--) {
    for (let q = 0; q < nums.length; q++) {
      for (let u = 0; u < nums.length; u++) {
        if (a === q || a === u || q === u) continue;
        const [qty, unit, amount] = [nums[q], nums[u], nums[a]];
        if (qty.value <= 0 || qty.value > 100000) continue;
        if (Math.abs(amount.value) < 0.005) continue;
        if (!close(qty.value * unit.value * factor, amount.value)) continue;
        const score = (qty.explicit ? 0 : 4) + (q < u ? 2 : 0) + (u < a ? 1 : 0) + (a === nums.length - 1 ? 1 : 0) + (qty.currency ? -4 : 0);
        if (!best || score > best.score) best = { score, item: { description, quantity: qty.value, unit_price: unit.value, amount: amount.value } };
      }
    }
  }
  return best?.item;
}

/**
 * Where the columns' gaps are lost (a scan), a quantity runs into the price beside it and reads as
 * one number grouped with a space: "1 289,00" may be 1 and 289,00. Each such number split in two.
 */
function splitGroups(nums: Money[]): Money[] {
  const out: Money[] = [];
  for (const m of nums) {
    const g = /^(\d{1,3}) (\d{1,3}(?: \d{3})*,\d{2})$/.exec(m.digits);
    const rest = g ? parseNumber(g[2].replace(/ /g, "."), true) : undefined;
    if (!g || rest === undefined) {
      out.push(m);
      continue;
    }
    const sign = m.value < 0 ? -1 : 1;
    const cut = m.start + g[1].length;
    out.push({ value: Number(g[1]), start: m.start, end: cut, explicit: false, digits: g[1] }, { ...m, value: sign * rest, start: cut + 1, digits: g[2] });
  }
  return out;
}
