// The lines of a document as the rules read them, and the labels found on them: shared by the
// field rules (rules.ts) and the line-item reader (line-items.ts).
import { LABELS_BY_LANGUAGE } from "./labels";
import type { DateHit, Money } from "./text";

export type Field = "number" | "issue" | "due" | "total" | "subtotal" | "tax";
export type Kind = "id" | "date" | "money";
export const KIND: Record<Field, Kind> = { number: "id", issue: "date", due: "date", total: "money", subtotal: "money", tax: "money" };

export type LabelDef = {
  field: Field;
  re: RegExp;
  conf: number;
  /** The value may stand on the next line, under the label. */
  stacked?: boolean;
  /** The value must follow at once (a bare "due" or "invoice" is a label only when a value follows). */
  adjacent?: boolean;
  /** Words just before the label that make it someone else's number (PO, company, VAT...). */
  notAfter?: RegExp;
};

// Hebrew letters are not \w: these stand in for \b on either side.
const B = String.raw`(?<![\p{L}\d])`;
const E = String.raw`(?![\p{L}])`;
// Inside a label, spaces are few: a wide gap is a column boundary, not part of the label.
const re = (s: string) => new RegExp(s.replace(/\\s\*/g, String.raw`\s{0,2}`).replace(/\\s\+/g, String.raw`\s{1,2}`), "giu");

// Words that make a bare "date" another date: a delivery, an order, the end of a period, a due date.
// A tax word inside a total's label ("Total Sales (Inclusive GST)", "Gesamt inkl. MwSt"):
// the amount beside it is the total, not the tax.
const TAX_INCLUDED = /(?:total|summe|gesamt\w*|betrag|totaal|totale|importe|montant|razem|suma|סה"?כ)[^\n]{0,24}?(?:inc(?:l(?:usive|uding)?)?\.?|excl(?:usive|uding|\.)?|inkl\.?|exkl\.?|zzgl\.?|hors|toutes|incluido|incluida|inclusa|compris|w\s*tym|כולל)\s*\.?\s*\(?\s*$/iu;
const NOT_ISSUE_DATE = /(?:end|start|delivery|service|order|period|due|expiry|expiration|shipping|ship|travel|birth|lever|liefer|leistungs|bestell|livraison|commande|consegna|ordine|entrega|pedido|dostawy|zamowienia|vervaldatum|fallig)\s*[-.]?\s*$/iu;

export const LABELS: LabelDef[] = [
  // document numbers ("no", "nr" end a word: "INVOICE Nordic Pixel" is a title and a name, not a label)
  { field: "number", re: re(String.raw`${B}invoice\s*(?:(?:no|number|num|nr)${E}\.?|#|n°)`), conf: 0.95, stacked: true },
  { field: "number", re: re(String.raw`${B}(?:inv\.?|bill)\s*(?:(?:no|number)${E}\.?|#)`), conf: 0.9, stacked: true },
  { field: "number", re: re(String.raw`${B}(?:receipt|credit\s*note|debit\s*note|quote|quotation|estimate|document|doc\.?|trans(?:action)?|ticket|folio)\s*(?:(?:no|number|nr)${E}\.?|#)`), conf: 0.9, stacked: true },
  { field: "number", re: re(String.raw`${B}(?:invoice|receipt|credit\s*note|quotation|quote)(?=\s*:?\s*#?\s*[A-Z]{0,5}[-/]?\d)`), conf: 0.7, adjacent: true, notAfter: /(?:against|for|of|re|ref|reference|see|to|on|per|your)\s*:?\s*$/i },
  // The document's title in the other languages straight before its number, a series code allowed ("Fatura-Recibo FR 2024/117", "Factura FV-77").
  { field: "number", re: re(String.raw`${B}(?:factuur|rechnung|facture|fattura|factura(?:\s*simplificada)?|faktura(?:\s*vat)?|fatura(?:-recibo)?|recibo|ricevuta|paragon|tal[ad]o|scontrino|ticket|gutschrift|avoir|creditnota)(?=\s*:?\s*#?\s*(?:[A-Z]{1,4}\s?[-/]?\d|\d{2}))`), conf: 0.68, adjacent: true, notAfter: /(?:zur|zu|de|la|del|della|alla|na|do|da|van|bij|op|au|a|per|voor|zu|betreft|dotyczy|ref)\s*:?\s*$/i },
  // "nº" / "n°" beside a document word as OCR reads it on a till roll or a scan: "ne", "n?", "nt", "n2", "n®".
  { field: "number", re: re(String.raw`${B}(?:factura|fatura|facture|ticket|tal[ad]o|recibo|scontrino|ricevuta|avoir)\s*n[eot2?°º®]\.?(?=\s)`), conf: 0.8, stacked: true },
  { field: "number", re: re(String.raw`${B}n[eo2°º®]\.?\s*(?:de\s*)?(?:la\s*)?(?:factura|fatura|facture)${E}`), conf: 0.8, stacked: true },
  { field: "number", re: re(String.raw`${B}מספר\s*(?:חשבונית|קבלה|מסמך|הצעה|זיכוי)${E}`), conf: 0.95, stacked: true },
  // OCR reads the geresh of מס' as a yod, on either side of the word ("ימס חשבונית", "מסי חשבונית").
  { field: "number", re: re(String.raw`${B}י?מס['"׳י]?\s*(?:חשבונית|קבלה|זיכוי)${E}`), conf: 0.9, stacked: true },
  { field: "number", re: re(String.raw`${B}מס'`), conf: 0.85 },
  // A Hebrew title with its number before it, read by OCR in visual order ("10442 . קבלה"): the number stands left of the title.
  { field: "number", re: re(String.raw`${B}(?:חשבונית\s+מס\s*\/?\s*קבלה|חשבונית\s+מס|חשבונית|קבלה)(?=\s*\S{0,3}\s*$)`), conf: 0.6 },
  { field: "number", re: re(String.raw`${B}(?:חשבונית\s+מס|חשבונית|קבלה|הצעת\s+מחיר)(?=\s*:?\s*\d)`), conf: 0.7, adjacent: true, notAfter: /(?:בגין|עבור|ל|של|ראה|אסמכתא)\s*$/u },
  { field: "number", re: re(String.raw`${B}(?:no\.|number|#)(?=\s*:?\s*[A-Z]{0,5}[-/]?\d)`), conf: 0.5, adjacent: true, notAfter: /(?:company|vat|reg|registration|license|licence|account|acct|tel|phone|fax|customer|client|p\.?\s?o\.?|order|tax|id|ref|reference|card|auth|terminal|store|pump|unit|suite|apt|route|table|kunden|klant|client|cliente|bestel|auftrag|commande|pedido|ordine|zamowienia|btw|ust|tva|iva|nip|kvk|siret|iban|telefon|ח\.פ\.?|ע\.מ\.?)\s*\.?\s*$/iu },

  // issue dates
  { field: "issue", re: re(String.raw`${B}(?:invoice|receipt|issue|document|tax\s*point|billing)\s*date${E}`), conf: 0.95, stacked: true },
  { field: "issue", re: re(String.raw`${B}date\s*(?:of\s*(?:issue|invoice|receipt))${E}`), conf: 0.95, stacked: true },
  { field: "issue", re: re(String.raw`${B}(?:issued(?:\s*on)?|dated)${E}`), conf: 0.85, stacked: true },
  { field: "issue", re: re(String.raw`${B}date${E}`), conf: 0.8, stacked: true, notAfter: NOT_ISSUE_DATE },
  { field: "issue", re: re(String.raw`${B}תאריך\s*(?:הפקה|חשבונית|מסמך|הוצאה|קבלה)${E}`), conf: 0.95, stacked: true },
  { field: "issue", re: re(String.raw`${B}תאריך${E}`), conf: 0.8, stacked: true },

  // due dates
  { field: "due", re: re(String.raw`${B}(?:due\s*date|date\s*due|payment\s*due(?:\s*date)?|due\s*by|pay(?:ment)?\s*by|please\s*pay\s*by|payable\s*by)${E}`), conf: 0.95, stacked: true },
  { field: "due", re: re(String.raw`${B}due(?:\s*on)?(?=\s*:?\s*(?:\d|[A-Z][a-z]{2}))`), conf: 0.7, adjacent: true },
  { field: "due", re: re(String.raw`${B}(?:לתשלום\s*עד|תאריך\s*(?:לתשלום|פירעון|תשלום)|מועד\s*(?:ה)?תשלום|לפירעון\s*עד|יש\s*לשלם\s*עד)${E}`), conf: 0.95, stacked: true },

  // money
  { field: "total", re: re(String.raw`${B}(?:grand\s*total|total\s*(?:amount|due|payable|to\s*pay|incl\.?(?:uding)?\s*(?:vat|tax)|invoice\s*amount)|invoice\s*total|total\s*credit|amount\s*payable)${E}`), conf: 0.95, stacked: true },
  { field: "total", re: re(String.raw`${B}total${E}(?!\s*(?:excl|before|net|vat|tax|qty|items?|discount|saving|tendered|paid|rounding|ht\b|hors))`), conf: 0.9, stacked: true },
  { field: "total", re: re(String.raw`${B}(?:amount|balance)\s*due${E}`), conf: 0.88, stacked: true },
  { field: "total", re: re(String.raw`${B}(?:amount\s*paid|total\s*paid)${E}`), conf: 0.6 },
  { field: "total", re: re(String.raw`${B}סה"?כ\s*(?:לתשלום|כולל\s*מע"?מ|כללי|לחיוב|שולם|זיכוי|בש"ח)${E}`), conf: 0.95, stacked: true },
  { field: "total", re: re(String.raw`${B}סה"?כ${E}`), conf: 0.85, stacked: true },
  { field: "total", re: re(String.raw`${B}(?:לתשלום|סכום\s*לתשלום|יתרה\s*לתשלום)${E}`), conf: 0.8 },
  { field: "subtotal", re: re(String.raw`${B}(?:sub[\s-]?total|net\s*(?:amount|total|value)|total\s*(?:excl\.?(?:uding)?|before|net\s*of|without)\s*(?:vat|tax)|amount\s*(?:excl\.?(?:uding)?|before)\s*(?:vat|tax)|taxable\s*amount)${E}`), conf: 0.95, stacked: true },
  { field: "subtotal", re: re(String.raw`${B}(?:סה"?כ\s*(?:לפני|ללא|בלי)\s*מע"?מ|סכום\s*ביניים|סכום\s*(?:לפני|ללא)\s*מע"?מ|לפני\s*מע"?מ|סה"?כ\s*ביניים|חייב\s*במע"?מ)`), conf: 0.95, stacked: true },
  { field: "tax", re: re(String.raw`${B}(?:sales\s*tax|vat|v\.a\.t\.|gst|hst|tax|tva|mwst|btw|iva)${E}(?!\s*(?:reg|no\b|number|id\b|#|registration|exempt|invoice))`), conf: 0.9, stacked: true, notAfter: TAX_INCLUDED },
  { field: "tax", re: re(String.raw`${B}מע"?מ${E}`), conf: 0.9, stacked: true },
  { field: "number", re: re(String.raw`${B}מספר(?=\s*:?\s*\d)`), conf: 0.6, adjacent: true, notAfter: /(?:טלפון|טל|פקס|ח\.?פ|ע\.?מ|עוסק|לקוח|הזמנה|חשבון\s*בנק|סניף)\s*$/u },
  ...labelsFromTables(),
];

/**
 * The per-language tables as label definitions: one regex per field and strength across every
 * language (fewer passes over each line), strong labels surer than weak ones, all may head a column.
 */
function labelsFromTables(): LabelDef[] {
  const alts = new Map<string, string[]>();
  for (const table of Object.values(LABELS_BY_LANGUAGE))
    for (const [f, byStrength] of Object.entries(table)) for (const strength of ["strong", "weak"] as const) alts.set(`${f}:${strength}`, [...(alts.get(`${f}:${strength}`) ?? []), ...(byStrength[strength] ?? [])]);
  const out: LabelDef[] = [];
  for (const [key, list] of alts) {
    if (!list.length) continue;
    const [f, strength] = key.split(":") as [Field, "strong" | "weak"];
    // A tax word before an identifier is the VAT number's label ("BTW-nr", "USt-IdNr", "TVA intracom").
    const tail = f === "tax" ? String.raw`(?!\s*-?\s*(?:reg|no\b|nr|n°|number|nummer|numero|id|#|registration|exempt|intra|identif))` : "";
    out.push({
      field: f,
      re: re(String.raw`${B}(?:${list.join("|")})${E}${tail}`),
      conf: strength === "strong" ? 0.95 : f === "total" ? 0.86 : 0.82,
      stacked: true,
      notAfter: f === "issue" ? NOT_ISSUE_DATE : f === "tax" ? TAX_INCLUDED : undefined,
    });
  }
  return out;
}

export type Line = {
  raw: string;
  /** With OCR look-alikes fixed inside numbers: where values are read. */
  text: string;
  /** With look-alikes fixed inside words: where labels are found. Same length as `text`. */
  labels: string;
  index: number;
  money: Money[];
  dates: DateHit[];
  hebrew: boolean;
  /** A label line in a column of labels whose values stand in a column of their own below it: that value's line. */
  valueBelow?: number;
};
export type LabelHit = { def: LabelDef; line: number; start: number; end: number };
export type Candidate<T> = { value: T; conf: number; line: number; currency?: string };

// Labels

export function findLabels(lines: Line[]): LabelHit[] {
  const out: LabelHit[] = [];
  for (const line of lines) {
    const found: LabelHit[] = [];
    for (const def of LABELS) {
      def.re.lastIndex = 0;
      for (const m of line.labels.matchAll(def.re)) {
        const start = m.index!;
        if (def.notAfter && def.notAfter.test(line.labels.slice(Math.max(0, start - 24), start))) continue;
        found.push({ def, line: line.index, start, end: start + m[0].length });
      }
    }
    // Longest label wins where labels overlap ("Due date" over "date", 'סה"כ לפני מע"מ' over 'מע"מ').
    found.sort((a, b) => b.end - b.start - (a.end - a.start) || b.def.conf - a.def.conf);
    const kept: LabelHit[] = [];
    for (const h of found) if (!kept.some((k) => h.start < k.end && h.end > k.start)) kept.push(h);
    out.push(...kept.sort((a, b) => a.start - b.start));
  }
  return out;
}

export function lineHits(hits: LabelHit[], line: number): LabelHit[] {
  return hits.filter((h) => h.line === line);
}

/** The stretch of the line after the label up to the next label, and before it back to the previous one. */
export function segments(hits: LabelHit[], h: LabelHit, lineLength: number) {
  const same = lineHits(hits, h.line);
  const i = same.indexOf(h);
  return { afterEnd: i + 1 < same.length ? same[i + 1].start : lineLength, beforeStart: i > 0 ? same[i - 1].end : 0 };
}

/** The line holding a label's value below it: its pair in a label column, else the next non-empty line within two lines. */
export function valueLine(lines: Line[], h: LabelHit): Line | undefined {
  const paired = lines[h.line].valueBelow;
  if (paired !== undefined) return lines[paired];
  for (let i = h.line + 1; i < Math.min(lines.length, h.line + 3); i++) if (lines[i].text.trim()) return lines[i];
  return undefined;
}

const LABEL_ONLY = /^[^\d]{2,40}$/u;
const MAX_COLUMN = 8;

/** What a line holding nothing but one value holds, if it does. */
function soleValue(l: Line): Kind | undefined {
  const t = l.text.trim();
  if (!/\d/.test(t)) return undefined;
  const at = l.text.indexOf(t);
  if (l.dates.some((d) => d.start <= at && d.end >= at + t.length)) return "date";
  // Money is written with decimals or a currency and nothing else but that currency on the line.
  const m = l.money.length === 1 && l.money[0].explicit ? l.money[0] : undefined;
  if (m && !/[\p{L}\d]/u.test(l.text.slice(0, m.start).replace(/[A-Z]{3}$/, "") + l.text.slice(m.end).replace(/^\s?[A-Z]{3}/, ""))) return "money";
  return /\s/.test(t) ? undefined : "id";
}

/**
 * Labels read as one column and their values as the next ("Faktura nr / Nr klienta / Data
 * wystawienia" then "FV/2023/11/543 / KL-1187 / 08.11.2023"): OCR and text layers read a two-column
 * header block column by column. Labels and values pair in order, counted back from the values so a
 * heading above the labels does not shift them; nothing is paired unless every label gets a value
 * of its kind.
 */
export function pairLabelColumns(lines: Line[], hits: LabelHit[]): void {
  const filled = lines.filter((l) => l.text.trim());
  const kindsOn = (l: Line) => lineHits(hits, l.index).filter((h) => h.def.stacked).map((h) => KIND[h.def.field]);
  for (let i = 0; i < filled.length; ) {
    let j = i;
    while (j < filled.length && j - i < MAX_COLUMN && LABEL_ONLY.test(filled[j].text.trim()) && !columnar(filled[j].text)) j++;
    let k = j;
    const kinds: Kind[] = [];
    for (let kind; k < filled.length && k - j < MAX_COLUMN && (kind = soleValue(filled[k])); k++) kinds.push(kind);
    const labels = filled.slice(i, j);
    const column = labels.slice(labels.length - kinds.length);
    const fits = (l: Line, n: number) => kindsOn(l).every((kind) => kind === kinds[n]);
    if (kinds.length >= 2 && labels.length >= kinds.length && column.every(fits) && column.some((l) => kindsOn(l).length)) {
      column.forEach((l, n) => (l.valueBelow = filled[j + n].index));
    }
    i = Math.max(k, i + 1);
  }
}

/** Whether a line is laid out in columns (pdftotext -layout keeps the gaps). */
export const columnar = (s: string) => /\S\s{3,}\S/.test(s.trim());

/** The surest candidate; among equals the first or the last on the page. */
export function pick<T extends { conf: number; line: number }>(cands: T[], tie: "first" | "last"): T | undefined {
  let best: T | undefined;
  for (const c of cands) {
    if (!best || c.conf > best.conf + 1e-9 || (Math.abs(c.conf - best.conf) < 1e-9 && (tie === "last" ? c.line > best.line : c.line < best.line))) best = c;
  }
  return best;
}
