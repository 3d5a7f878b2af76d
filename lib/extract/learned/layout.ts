// Learned vendor layouts: where a person's correction sits in a document's text (the label beside
// or above it, its shape, its place), and finding the same field on the vendor's next document.
// Works on text as pdftotext -layout and OCR lay it out: columns are character offsets.
import { detectEuNumbers, findDates, findMoney, fixOcrDigits, fixOcrLetters, isoDate, normalizeText, type DateHit } from "../text";
import type { LearnableField, LearnedValue, Layout } from "./types";

type Kind = "text" | "date" | "amount" | "literal" | "usual";
const KIND: Record<LearnableField, Kind> = { vendor: "literal", number: "text", issue_date: "date", due_date: "date", subtotal: "amount", tax: "amount", total: "amount", currency: "usual", document_type: "usual" };

/** Found beside or above its label the value is as good as a person's reading; by place alone, less. */
const LABEL_CONFIDENCE = 0.97;
const POSITION_CONFIDENCE = 0.85;
/** A vendor's usual currency or type: surer than a guess from the country, less than a symbol on the page. */
const USUAL_CONFIDENCE = 0.8;
const MAX_LABEL_WORDS = 5;
const MAX_TEXT_CHARS = 200_000;
const MAX_LINE_CHARS = 400;
const RTL = /[\u0590-\u05FF\u0600-\u06FF]/;

/** A value on a line: its columns, what it reads as, and its shape. */
type Hit = { line: number; start: number; end: number; value: string | number; shape: string };
type Label = { start: number; end: number; words: string };

/** How to find `value` (as a person corrected it) on this vendor's documents, or nothing when the text does not show it. */
export function learn(text: string, value: string | number, field: LearnableField): Layout | undefined {
  const lines = readLines(text);
  const kind = KIND[field];
  if (kind === "usual") return typeof value === "string" && value ? { version: 1, field, relation: "usual", shape: value, line: 0, column: 0 } : undefined;
  if (kind === "literal") {
    const name = String(value).trim();
    const wanted = normalizeName(name);
    if (wanted.replace(/\s/g, "").length < 2 || !` ${normalizeName(lines.join("\n"))} `.includes(` ${wanted} `)) return undefined;
    return { version: 1, field, relation: "literal", shape: name, line: 0, column: 0 };
  }
  const hits = findValue(lines, value, kind, detectEuNumbers(lines.join("\n")));
  if (!hits.length) return undefined;
  const labelled = hits.map((hit) => ({ hit, ...labelOf(lines, hit) }));
  const best = labelled.find((c) => c.relation === "after" || c.relation === "before") ?? labelled.find((c) => c.relation === "below") ?? labelled[0];
  const place = { line: lineShare(best.hit.line, lines.length), column: best.hit.start };
  if (!best.relation || !best.label) return { version: 1, field, relation: "position", shape: best.hit.shape, ...place };
  return { version: 1, field, relation: best.relation, label: best.label.words, shape: best.hit.shape, ...place };
}

/** The field's value on another document of the same vendor, read the way `layout` says; nothing when the label or a value of the learned shape is missing. */
export function apply(text: string, layout: Layout): LearnedValue | undefined {
  if (layout.version !== 1 || !(layout.field in KIND)) return undefined;
  if (layout.relation === "usual") return KIND[layout.field] === "usual" ? { value: layout.shape, confidence: USUAL_CONFIDENCE, usual: true } : undefined;
  const lines = readLines(text);
  if (layout.relation === "literal") {
    const wanted = normalizeName(layout.shape);
    return wanted && ` ${normalizeName(lines.join("\n"))} `.includes(` ${wanted} `) ? { value: layout.shape, confidence: LABEL_CONFIDENCE } : undefined;
  }
  const valuesOn = valueReader(KIND[layout.field], layout.shape);
  if (!valuesOn) return undefined;
  if (layout.relation === "position") {
    const hit = byPosition(lines, layout, valuesOn);
    return hit && { value: hit.value, confidence: POSITION_CONFIDENCE };
  }
  if (!layout.label) return undefined;
  // A label standing alone before one inside a longer one ("Date" before "Due date"), then the nearest to where it was.
  const distance = (l: { line: number }) => Math.abs(lineShare(l.line, lines.length) - layout.line);
  const labels = findLabels(lines, layout.label, layout.relation === "before").sort((a, b) => Number(b.alone) - Number(a.alone) || distance(a) - distance(b));
  for (const at of labels) {
    const hit = besideLabel(lines, at, layout.relation, valuesOn);
    if (hit) return { value: hit.value, confidence: LABEL_CONFIDENCE };
  }
  return undefined;
}

/** A text value's shape: letter runs by length, digit runs by about their length (numbers grow), punctuation as it is. */
export function textShape(value: string): string {
  return [...value.matchAll(/\p{L}+|\p{N}+|\s+|[^\p{L}\p{N}\s]/gu)]
    .map(([run]) => {
      if (/^\p{L}/u.test(run)) return `\\p{L}{${run.length}}`;
      if (/^\p{N}/u.test(run)) return run.length === 1 ? "\\d{1,2}" : `\\d{${run.length - 1},${run.length + 1}}`;
      if (/^\s/.test(run)) return "\\s+";
      return escapeRegExp(run);
    })
    .join("");
}

/** Lower case, accents and punctuation gone: how names are compared. */
export function normalizeName(name: string): string {
  return name
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

// ---------------------------------------------------------------------------------------------

function readLines(text: string): string[] {
  return normalizeText(text.slice(0, MAX_TEXT_CHARS))
    .split("\n")
    .map((l) => l.slice(0, MAX_LINE_CHARS));
}

const lineShare = (line: number, count: number) => (count > 1 ? line / (count - 1) : 0);

function findValue(lines: string[], value: string | number, kind: Exclude<Kind, "literal">, eu: boolean): Hit[] {
  const hits: Hit[] = [];
  lines.forEach((line, i) => {
    if (kind === "text") {
      const needle = normalizeText(String(value)).trim();
      if (!/[\p{L}\p{N}]/u.test(needle)) return;
      const re = new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(needle).replace(/\s+/g, "\\s+")}(?![\\p{L}\\p{N}])`, "giu");
      for (const m of line.matchAll(re)) hits.push({ line: i, start: m.index!, end: m.index! + m[0].length, value: m[0], shape: textShape(m[0]) });
    } else if (kind === "date") {
      for (const h of findDates(fixOcrDigits(line))) {
        const form = (["words", "ymd", "dmy", "mdy"] as const).find((f) => dateAs(line, h, f) === value);
        if (form) hits.push({ line: i, start: h.start, end: h.end, value: String(value), shape: form });
      }
    } else if (typeof value === "number") {
      for (const m of findMoney(fixOcrDigits(line), eu)) {
        if (Math.abs(Math.abs(m.value) - Math.abs(value)) < 0.005) hits.push({ line: i, start: m.start, end: m.end, value: m.value, shape: eu ? "eu" : "en" });
      }
    }
  });
  return hits;
}

/** A date read in one way of writing it, or nothing when it is not written that way. */
function dateAs(line: string, h: DateHit, form: string): string | undefined {
  const yearFirst = /^\d{4}/.test(line.slice(h.start, h.end));
  if (form === "words") return h.numeric ? undefined : h.iso;
  if (!h.numeric) return undefined;
  if (form === "ymd") return yearFirst ? h.iso : undefined;
  if (yearFirst) return undefined;
  return form === "dmy" ? isoDate(h.year, h.b, h.a) : isoDate(h.year, h.a, h.b);
}

/** The values a layout's shape admits on a line; nothing when the stored shape is unusable. */
function valueReader(kind: Kind, shape: string): ((line: string) => Omit<Hit, "line" | "shape">[]) | undefined {
  if (kind === "text") {
    let re: RegExp;
    try {
      re = new RegExp(`(?<![\\p{L}\\p{N}])(?:${shape})(?![\\p{L}\\p{N}])`, "gu");
    } catch {
      return undefined;
    }
    return (line) => [...line.matchAll(re)].map((m) => ({ start: m.index!, end: m.index! + m[0].length, value: m[0] }));
  }
  if (kind === "date") {
    return (line) => findDates(fixOcrDigits(line)).flatMap((h) => {
      const iso = dateAs(line, h, shape);
      return iso ? [{ start: h.start, end: h.end, value: iso }] : [];
    });
  }
  if (kind === "amount") return (line) => findMoney(fixOcrDigits(line), shape === "eu").map((m) => ({ start: m.start, end: m.end, value: m.value }));
  return undefined;
}

function labelOf(lines: string[], hit: Hit): { relation?: "after" | "before" | "below"; label?: Label } {
  const line = lines[hit.line];
  const left = labelLeftOf(line, hit.start);
  if (left) return { relation: "after", label: left };
  // Right-to-left text laid out as seen puts the label after the value: "12345 :מספר חשבונית".
  const right = labelRightOf(line, hit.end);
  if (right && RTL.test(line.slice(right.start, right.end))) return { relation: "before", label: right };
  const above = labelAbove(lines, hit);
  if (above) return { relation: "below", label: above };
  return {};
}

type Tok = { text: string; start: number; end: number };
const toks = (line: string): Tok[] => [...line.matchAll(/\S+/g)].map((m) => ({ text: m[0], start: m.index!, end: m.index! + m[0].length }));
/** Separators between a label and its value: colons, dashes, number signs, spaces. */
const SEPARATORS = /^[^\p{L}\p{N}]*$/u;

/** The words just before `start` on its line, back to a column gap or a number. */
function labelLeftOf(line: string, start: number): Label | undefined {
  const words: Tok[] = [];
  let edge = start;
  for (const t of toks(line.slice(0, start)).reverse()) {
    const gap = line.slice(t.end, edge);
    if (words.length && gap.length > 1) break;
    if (!words.length && SEPARATORS.test(t.text)) {
      edge = t.start; // "Invoice No  :  123": the colon stands between, it is not the label
      continue;
    }
    if (/\d/.test(t.text) || words.length >= MAX_LABEL_WORDS) break;
    words.unshift(t);
    edge = t.start;
  }
  return asLabel(line, words);
}

/** The words just after `end` on its line, up to a column gap or a number. */
function labelRightOf(line: string, end: number): Label | undefined {
  const words: Tok[] = [];
  let edge = end;
  for (const t of toks(line.slice(end)).map((t) => ({ ...t, start: t.start + end, end: t.end + end }))) {
    const gap = line.slice(edge, t.start);
    if (words.length && gap.length > 1) break;
    if (!words.length && SEPARATORS.test(t.text)) {
      edge = t.end;
      continue;
    }
    if (/\d/.test(t.text) || words.length >= MAX_LABEL_WORDS) break;
    words.push(t);
    edge = t.end;
  }
  return asLabel(line, words);
}

/** The phrase on the nearest line above that shares the value's columns, when it holds no numbers. */
function labelAbove(lines: string[], hit: Hit): Label | undefined {
  for (let i = hit.line - 1; i >= Math.max(0, hit.line - 3); i--) {
    if (!lines[i].trim()) continue;
    const line = lines[i];
    const all = toks(line);
    const over = all.filter((t) => t.start < hit.end + 2 && t.end > hit.start - 2);
    if (!over.length) return undefined;
    // Widen to the whole phrase: neighbours one space apart belong to it.
    let first = all.indexOf(over[0]);
    let last = all.indexOf(over[over.length - 1]);
    while (first > 0 && all[first].start - all[first - 1].end === 1) first--;
    while (last < all.length - 1 && all[last + 1].start - all[last].end === 1) last++;
    const phrase = all.slice(first, last + 1);
    if (phrase.length > MAX_LABEL_WORDS || phrase.some((t) => /\d/.test(t.text))) return undefined;
    return asLabel(line, phrase);
  }
  return undefined;
}

/** Words make a label when they hold at least two letters: punctuation alone is not one. */
function asLabel(line: string, words: Tok[]): Label | undefined {
  if (!words.length) return undefined;
  const text = line.slice(words[0].start, words[words.length - 1].end);
  const normalized = labelWords(text);
  if ((normalized.match(/\p{L}/gu) ?? []).length < 2) return undefined;
  return { start: words[0].start, end: words[words.length - 1].end, words: normalized };
}

const labelWords = (text: string) => (fixOcrLetters(text).toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).join(" ");

/** Where the label's words occur; `alone` when no other word runs into it from the side away from its value. */
function findLabels(lines: string[], label: string, valueBefore: boolean): (Label & { line: number; alone: boolean })[] {
  const words = label.split(" ").filter(Boolean);
  if (!words.length) return [];
  const re = new RegExp(`(?<![\\p{L}\\p{N}])${words.map(escapeRegExp).join("[^\\p{L}\\p{N}]{0,4}")}(?![\\p{L}\\p{N}])`, "giu");
  return lines.flatMap((line, i) =>
    [...fixOcrLetters(line).matchAll(re)].map((m) => {
      const start = m.index!;
      const end = start + m[0].length;
      const alone = valueBefore ? /^[^\p{L}\p{N}]*(?:$|\s{2})/u.test(line.slice(end)) : /(?:^|\s{2})[^\p{L}\p{N}]*$/u.test(line.slice(0, start));
      return { line: i, start, end, words: label, alone };
    }),
  );
}

/** The value in the learned place relative to one occurrence of the label. */
function besideLabel(lines: string[], at: Label & { line: number }, relation: Layout["relation"], valuesOn: (line: string) => Omit<Hit, "line" | "shape">[]) {
  const line = lines[at.line];
  if (relation === "after") return valuesOn(line).find((v) => v.start >= at.end && SEPARATORS.test(line.slice(at.end, v.start)));
  if (relation === "before") return valuesOn(line).findLast((v) => v.end <= at.start && SEPARATORS.test(line.slice(v.end, at.start)));
  // Below: the next lines with text, the value sharing the label's columns, nearest its middle.
  const middle = (at.start + at.end) / 2;
  let seen = 0;
  for (let i = at.line + 1; i < lines.length && i <= at.line + 4 && seen < 2; i++) {
    if (!lines[i].trim()) continue;
    seen++;
    const under = valuesOn(lines[i]).filter((v) => v.start < at.end + 3 && v.end > at.start - 3);
    if (under.length) return under.sort((a, b) => Math.abs((a.start + a.end) / 2 - middle) - Math.abs((b.start + b.end) / 2 - middle))[0];
  }
  return undefined;
}

/** No label: a value of the learned shape within two lines and a few columns of where it was. */
function byPosition(lines: string[], layout: Layout, valuesOn: (line: string) => Omit<Hit, "line" | "shape">[]) {
  const target = Math.round(layout.line * Math.max(0, lines.length - 1));
  for (const d of [0, -1, 1, -2, 2]) {
    const line = lines[target + d];
    if (line === undefined) continue;
    const near = valuesOn(line).filter((v) => Math.abs(v.start - layout.column) <= 15);
    if (near.length) return near.sort((a, b) => Math.abs(a.start - layout.column) - Math.abs(b.start - layout.column))[0];
  }
  return undefined;
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
