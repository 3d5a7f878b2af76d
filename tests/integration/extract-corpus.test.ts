// The extraction corpus is complete and well-formed, and the rules extractor keeps its accuracy on it.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { extractWithRules } from "@/lib/extract/rules";
import { checkExtraction } from "@/lib/extract/checks";
import { loadCorpus, normalizeVendor } from "../bench/extract";

const DIR = path.resolve(__dirname, "../fixtures/invoices");
const KEYS = ["document_type", "vendor", "number", "issue_date", "due_date", "currency", "subtotal", "tax", "total", "line_items"];

test("the corpus has at least 30 documents, English and Hebrew, digital and scanned, each with its files", () => {
  const corpus = loadCorpus(DIR);
  assert.ok(corpus.length >= 30, `${corpus.length} documents`);
  let he = 0;
  let scanned = 0;
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
  }
  assert.ok(he >= 8 && scanned >= 8, `hebrew ${he}, scanned ${scanned}`);
  const total = readdirSync(DIR).reduce((a, f) => a + statSync(path.join(DIR, f)).size, 0);
  assert.ok(total < 3 * 1024 * 1024, `folder is ${total} bytes`);
});

test("the rules read at least 90% of totals, issue dates and numbers exactly", () => {
  const corpus = loadCorpus(DIR);
  const right = { total: 0, issue_date: 0, number: 0 };
  for (const d of corpus) {
    const e = extractWithRules({ text: d.text });
    if (d.expected.total !== null && Math.abs((e.fields.total?.value ?? NaN) - Number(d.expected.total)) < 0.005) right.total++;
    if (e.fields.issue_date?.value === d.expected.issue_date) right.issue_date++;
    if ((e.fields.number?.value ?? null) === d.expected.number) right.number++;
    checkExtraction(e); // never throws
  }
  for (const [k, n] of Object.entries(right)) assert.ok(n / corpus.length >= 0.9, `${k}: ${n}/${corpus.length}`);
});

test("vendor comparison ignores case, punctuation and legal suffixes", () => {
  assert.equal(normalizeVendor("Northwind Traders Inc."), normalizeVendor("NORTHWIND TRADERS"));
  assert.equal(normalizeVendor("Delta Logistics B.V."), normalizeVendor("Delta Logistics"));
  assert.equal(normalizeVendor('טכנו-פלוס בע"מ'), normalizeVendor("טכנו-פלוס"));
});
