// Benchmark "extract": the rules extractor over the corpus in tests/fixtures/invoices (each
// NAME.txt against NAME.expected.json), per-field exact-match accuracy. Dates and numbers are
// compared after normalizing; vendors case-insensitively, ignoring punctuation and legal
// suffixes (Ltd, Inc., בע"מ...). A field expected empty counts as right only when nothing was
// extracted. Flags: --verbose (every miss), --dir DIR (another corpus).
// Also runs alone: node --import tsx tests/bench/extract.ts [--verbose]
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { extractWithRules } from "@/lib/extract/rules";
import type { Extraction, LineItem } from "@/lib/extract/types";
import { boolFlag, stringFlag, type BenchContext } from "./args";

export const extractBenchmark = {
  description: "rules extraction over tests/fixtures/invoices: per-field exact-match accuracy\n    flags: --verbose (list every miss) --dir DIR",
  run: runExtractBenchmark,
};

const FIELDS = ["document_type", "vendor", "number", "issue_date", "due_date", "currency", "subtotal", "tax", "total"] as const;
type FieldKey = (typeof FIELDS)[number];
type Expected = Record<FieldKey, string | number | null> & { line_items: LineItem[] };

export type ExtractResult = {
  bench: "extract";
  documents: number;
  accuracy: Record<FieldKey | "line_items" | "overall", number>;
  ms_per_document: number;
  ratio: null;
};

const LEGAL = /\b(?:ltd|limited|inc|incorporated|llc|llp|plc|corp|corporation|co|company|gmbh|ag|bv|nv|sarl|sa|srl|pty)\b|בע"?מ|ושות'?/giu;

export function normalizeVendor(v: string): string {
  return v
    .toLowerCase()
    .replace(/["'״׳]/g, (c) => (c === '"' || c === "״" ? '"' : ""))
    .replace(/\b([a-z])\.(?=[a-z]\.)/g, "$1")
    .replace(/([a-z])\.([a-z])\./g, "$1$2")
    .replace(LEGAL, " ")
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

function same(key: FieldKey, expected: string | number | null, got: string | number | undefined): boolean {
  if (expected === null) return got === undefined || got === null || got === "";
  if (got === undefined || got === null) return false;
  if (typeof expected === "number") return Math.abs(Number(got) - expected) < 0.005;
  if (key === "vendor") return normalizeVendor(String(got)) === normalizeVendor(expected);
  if (key === "number") return String(got).replace(/^[#\s]+/, "").toLowerCase() === expected.toLowerCase();
  return String(got).trim().toLowerCase() === expected.trim().toLowerCase();
}

function sameItems(expected: LineItem[], got: LineItem[]): boolean {
  if (expected.length !== got.length) return false;
  const eq = (a: number | null, b: number | null) => (a === null ? b === null : b !== null && Math.abs(a - b) < 0.005);
  return expected.every((e, i) => eq(e.amount, got[i].amount) && eq(e.quantity, got[i].quantity) && eq(e.unit_price, got[i].unit_price));
}

export function loadCorpus(dir: string): { name: string; text: string; expected: Expected }[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith(".expected.json"))
    .sort()
    .map((f) => {
      const name = f.replace(/\.expected\.json$/, "");
      return { name, text: readFileSync(path.join(dir, `${name}.txt`), "utf8"), expected: JSON.parse(readFileSync(path.join(dir, f), "utf8")) as Expected };
    });
}

async function runExtractBenchmark(ctx: BenchContext): Promise<ExtractResult> {
  const dir = stringFlag(ctx.flags, "dir") ?? path.resolve(__dirname, "../fixtures/invoices");
  const verbose = boolFlag(ctx.flags, "verbose");
  const corpus = loadCorpus(dir);
  if (!corpus.length) throw new Error(`no *.expected.json in ${dir}`);
  const right: Record<string, number> = Object.fromEntries([...FIELDS, "line_items"].map((k) => [k, 0]));
  const misses: string[] = [];
  let ms = 0;
  for (const doc of corpus) {
    const t = performance.now();
    const e: Extraction = extractWithRules({ text: doc.text, filename: `${doc.name}.pdf` });
    ms += performance.now() - t;
    for (const k of FIELDS) {
      const got = e.fields[k]?.value;
      if (same(k, doc.expected[k], got)) right[k]++;
      else misses.push(`${doc.name}: ${k} expected ${JSON.stringify(doc.expected[k])} got ${JSON.stringify(got ?? null)}`);
    }
    if (sameItems(doc.expected.line_items, e.line_items)) right.line_items++;
    else misses.push(`${doc.name}: line_items expected ${doc.expected.line_items.length} got ${e.line_items.length} ${JSON.stringify(e.line_items.map((i) => [i.quantity, i.unit_price, i.amount]))}`);
  }
  const n = corpus.length;
  const pct = (x: number) => Math.round((x / n) * 1000) / 1000;
  const accuracy = Object.fromEntries([...FIELDS, "line_items"].map((k) => [k, pct(right[k])])) as ExtractResult["accuracy"];
  accuracy.overall = Math.round((FIELDS.reduce((a, k) => a + right[k], 0) / (n * FIELDS.length)) * 1000) / 1000;

  console.log(`extract: ${n} documents from ${path.relative(process.cwd(), dir) || dir}, rules extractor, ${(ms / n).toFixed(2)} ms per document`);
  for (const k of [...FIELDS, "line_items"] as const) console.log(`  ${k.padEnd(14)} ${String(right[k]).padStart(3)}/${n}  ${(accuracy[k] * 100).toFixed(1)}%`);
  console.log(`  ${"overall".padEnd(14)}          ${(accuracy.overall * 100).toFixed(1)}% (fields, not line items)`);
  if (verbose) for (const m of misses) console.log(`  miss ${m}`);
  else if (misses.length) console.log(`  ${misses.length} misses (--verbose lists them)`);
  const result: ExtractResult = { bench: "extract", documents: n, accuracy, ms_per_document: Math.round((ms / n) * 1000) / 1000, ratio: null };
  console.log(JSON.stringify(result));
  return result;
}

// Run alone, without run.ts (which starts PostgreSQL for every benchmark).
if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(__filename)) {
  const flags: Record<string, string | true> = process.argv.includes("--verbose") ? { verbose: true } : {};
  runExtractBenchmark({ flags, signal: new AbortController().signal }).catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
