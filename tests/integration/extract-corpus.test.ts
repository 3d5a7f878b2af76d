// The extraction corpus is complete and well-formed, and the rules extractor keeps its accuracy on it.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { extractWithRules } from "@/lib/extract/rules";
import { checkExtraction } from "@/lib/extract/checks";
import { languageOf, loadCorpus, normalizeVendor } from "../bench/extract";
import { intlDocs } from "../fixtures/invoices/docs-intl";

const DIR = path.resolve(__dirname, "../fixtures/invoices");
const KEYS = ["document_type", "vendor", "number", "issue_date", "due_date", "currency", "subtotal", "tax", "total", "line_items"];

const LANGUAGES = ["en", "he", "de", "fr", "nl", "it", "es", "pl", "pt"];
// The bar below holds the rules to 90% on the English and Hebrew documents of the first set, the
// layouts and formats the present rules were written for. The rest of the corpus (every language,
// the new layouts, currencies and number formats of docs-intl.ts) is what the multilingual rules,
// written in parallel, are being taught: its figures are printed here, per language, and held to
// the bar once those rules land.
const SECOND_SET = new Set(intlDocs().map((d) => d.name));
const heldToTheBar = (name: string) => !SECOND_SET.has(name) && ["en", "he"].includes(languageOf(name));

test("the corpus has at least 130 documents in nine languages, digital and scanned, each with its files", () => {
  const corpus = loadCorpus(DIR);
  assert.ok(corpus.length >= 130, `${corpus.length} documents`);
  let he = 0;
  let scanned = 0;
  const perLanguage = new Map<string, number>();
  for (const d of corpus) {
    assert.deepEqual(Object.keys(d.expected), KEYS, d.name);
    const pdf = path.join(DIR, `${d.name}.pdf`);
    const png = path.join(DIR, `${d.name}.png`);
    assert.ok(existsSync(pdf) !== existsSync(png), `${d.name}: exactly one of .pdf/.png`);
    const file = existsSync(pdf) ? pdf : png;
    assert.ok(statSync(file).size < 70_000, `${d.name}: ${statSync(file).size} bytes`);
    if (existsSync(png)) scanned++;
    if (/[\u05D0-\u05EA]/.test(d.text)) he++;
    assert.ok(d.text.trim().length > 20, `${d.name}: text`);
    perLanguage.set(languageOf(d.name), (perLanguage.get(languageOf(d.name)) ?? 0) + 1);
  }
  assert.deepEqual([...perLanguage.keys()].sort(), [...LANGUAGES].sort());
  for (const [lang, n] of perLanguage) assert.ok(n >= 10, `${lang}: ${n} documents`);
  assert.ok(he >= 8 && scanned >= 40, `hebrew ${he}, scanned ${scanned}`);
  const total = readdirSync(DIR).reduce((a, f) => a + statSync(path.join(DIR, f)).size, 0);
  assert.ok(total < 8 * 1024 * 1024, `folder is ${total} bytes`);
});

test("the rules read at least 90% of totals, issue dates and numbers exactly in the first English and Hebrew set", () => {
  const right = new Map<string, { documents: number; total: number; issue_date: number; number: number }>();
  for (const d of loadCorpus(DIR)) {
    const e = extractWithRules({ text: d.text });
    checkExtraction(e); // never throws
    const group = heldToTheBar(d.name) ? "held" : languageOf(d.name);
    const r = right.get(group) ?? { documents: 0, total: 0, issue_date: 0, number: 0 };
    r.documents++;
    if (d.expected.total !== null && Math.abs((e.fields.total?.value ?? NaN) - Number(d.expected.total)) < 0.005) r.total++;
    if ((e.fields.issue_date?.value ?? null) === d.expected.issue_date) r.issue_date++;
    if ((e.fields.number?.value ?? null) === d.expected.number) r.number++;
    right.set(group, r);
  }
  for (const [group, r] of right) {
    const line = (["total", "issue_date", "number"] as const).map((k) => `${k} ${r[k]}/${r.documents}`).join(", ");
    console.log(`  ${group === "held" ? "first en+he set (held to 90%)" : `${group} (second set, printed)`}: ${line}`);
  }
  const held = right.get("held")!;
  assert.ok(held.documents >= 30, `${held.documents} documents held to the bar`);
  for (const k of ["total", "issue_date", "number"] as const) assert.ok(held[k] / held.documents >= 0.9, `${k}: ${held[k]}/${held.documents}`);
});

test("vendor comparison ignores case, punctuation and legal suffixes", () => {
  assert.equal(normalizeVendor("Northwind Traders Inc."), normalizeVendor("NORTHWIND TRADERS"));
  assert.equal(normalizeVendor("Delta Logistics B.V."), normalizeVendor("Delta Logistics"));
  assert.equal(normalizeVendor('טכנו-פלוס בע"מ'), normalizeVendor("טכנו-פלוס"));
});
