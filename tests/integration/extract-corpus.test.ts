// The extraction corpus is complete and well-formed, and the rules extractor keeps its accuracy on it.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { extractWithRules } from "@/lib/extract/rules";
import { checkExtraction } from "@/lib/extract/checks";
import { languageOf, loadCorpus, normalizeVendor, sameField, scoreDocument } from "../bench/extract";

const DIR = path.resolve(__dirname, "../fixtures/invoices");
const KEYS = ["document_type", "vendor", "number", "issue_date", "due_date", "currency", "subtotal", "tax", "total", "line_items"];

const LANGUAGES = ["en", "he", "de", "fr", "nl", "it", "es", "pl", "pt"];
// The bar every document of every language is held to, a few points under what the rules reach
// (text layers and the OCR text of scans and till-roll photos alike; `npm run bench -- extract`
// prints the exact figures). Raise it when the rules improve; never lower it to let a change in.
// Once the input changed instead: the scans' texts became what Mailroom's own OCR pool reads
// (before, the tesseract CLI's), and vendor went 0.88 -> 0.87 (the models drop accents in bold
// headings: "Söhne", "García"), while number (0.9 -> 0.93) and total (0.95 -> 0.97) were raised.
const BAR = { vendor: 0.87, number: 0.93, issue_date: 0.95, total: 0.97, currency: 0.97 } as const;
const HELD = Object.keys(BAR) as (keyof typeof BAR)[];

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

test("the rules read vendors, numbers, issue dates, totals and currencies exactly on the whole corpus, every language", () => {
  const right = new Map<string, Record<keyof typeof BAR | "documents", number>>();
  const all = { documents: 0, vendor: 0, number: 0, issue_date: 0, total: 0, currency: 0 };
  for (const d of loadCorpus(DIR)) {
    const e = extractWithRules({ text: d.text });
    checkExtraction(e); // never throws
    const lang = languageOf(d.name);
    const r = right.get(lang) ?? { documents: 0, vendor: 0, number: 0, issue_date: 0, total: 0, currency: 0 };
    r.documents++;
    all.documents++;
    for (const k of HELD) {
      if (!sameField(k, d.expected[k], e.fields[k]?.value)) continue;
      r[k]++;
      all[k]++;
    }
    right.set(lang, r);
  }
  for (const [lang, r] of right) console.log(`  ${lang}: ${HELD.map((k) => `${k} ${r[k]}/${r.documents}`).join(", ")}`);
  assert.ok(all.documents >= 130, `${all.documents} documents`);
  for (const k of HELD) assert.ok(all[k] / all.documents >= BAR[k], `${k}: ${all[k]}/${all.documents} under ${BAR[k]}`);
});

test("the rules read line items exactly on most of the corpus, and on half of every language's documents at least", () => {
  // Scans and till-roll photos whose digits OCR lost cannot be read; those store no rows.
  const right = new Map<string, { documents: number; items: number }>();
  for (const d of loadCorpus(DIR)) {
    const r = right.get(languageOf(d.name)) ?? { documents: 0, items: 0 };
    r.documents++;
    if (scoreDocument(d, extractWithRules({ text: d.text })).right.line_items) r.items++;
    right.set(languageOf(d.name), r);
  }
  const all = [...right.values()].reduce((a, r) => ({ documents: a.documents + r.documents, items: a.items + r.items }), { documents: 0, items: 0 });
  console.log(`  line items: ${[...right].map(([lang, r]) => `${lang} ${r.items}/${r.documents}`).join(", ")}`);
  assert.ok(all.items / all.documents >= 0.7, `line items: ${all.items}/${all.documents} under 0.7`);
  for (const [lang, r] of right) assert.ok(r.items / r.documents >= 0.5, `${lang} line items: ${r.items}/${r.documents} under half`);
});

test("vendor comparison ignores case, punctuation and legal suffixes", () => {
  assert.equal(normalizeVendor("Northwind Traders Inc."), normalizeVendor("NORTHWIND TRADERS"));
  assert.equal(normalizeVendor("Delta Logistics B.V."), normalizeVendor("Delta Logistics"));
  assert.equal(normalizeVendor('טכנו-פלוס בע"מ'), normalizeVendor("טכנו-פלוס"));
});
