// Benchmark "extract": the rules extractor over the corpus in tests/fixtures/invoices (each
// NAME.txt against NAME.expected.json), per-field exact-match accuracy. Dates and numbers are
// compared after normalizing; vendors case-insensitively, ignoring punctuation and legal
// suffixes (Ltd, Inc., בע"מ...). A field expected empty counts as right only when nothing was
// extracted. Flags: --verbose (every miss), --dir DIR (another corpus), --ocr (read each
// NAME.pdf / NAME.png with the real text stage, tesseract.js for scans, instead of NAME.txt;
// --langs as OCR_LANGS, default eng+heb as OCR_LANGS has it, models from their npm packages, then
// TESSDATA_DIR; --size N workers).
// Also runs alone: node --import tsx tests/bench/extract.ts [--verbose] [--ocr] [--langs L]
import { existsSync, readdirSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { extractWithRules } from "@/lib/extract/rules";
import type { Extraction, LineItem } from "@/lib/extract/types";
import { extractText, DEFAULT_TEXT_LIMITS } from "@/lib/ocr/extract-text";
import { parseLangs } from "@/lib/ocr/languages";
import { createOcrPool } from "@/lib/ocr/pool";
import type { TextInput } from "@/lib/ocr/types";
import { boolFlag, intFlag, parseArgs, stringFlag, type BenchContext } from "./args";

export const extractBenchmark = {
  description:
    "rules extraction over tests/fixtures/invoices: per-field exact-match accuracy\n" +
    "    flags: --verbose (list every miss) --dir DIR --ocr (read the PDF/PNG files with the text stage and tesseract.js) --langs eng+heb --size N",
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
  /** --ocr only: where the text came from, and what reading it cost. */
  source?: "ocr";
  ocr_languages?: string[];
  ocr_ms_per_document?: number;
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

type Document = { name: string; text: string; expected: Expected };

export function loadCorpus(dir: string): Document[] {
  return expectedNames(dir).map((name) => ({ name, text: readFileSync(path.join(dir, `${name}.txt`), "utf8"), expected: readExpected(dir, name) }));
}

/** The document itself, as it arrives by mail: NAME.pdf (digital) or NAME.png (scanned). */
export function sourceFile(dir: string, name: string): { file: string; contentType: TextInput["contentType"] } {
  const pdf = path.join(dir, `${name}.pdf`);
  if (existsSync(pdf)) return { file: pdf, contentType: "application/pdf" };
  return { file: path.join(dir, `${name}.png`), contentType: "image/png" };
}

async function runExtractBenchmark(ctx: BenchContext): Promise<ExtractResult> {
  const dir = stringFlag(ctx.flags, "dir") ?? path.resolve(__dirname, "../fixtures/invoices");
  const verbose = boolFlag(ctx.flags, "verbose");
  const ocr = boolFlag(ctx.flags, "ocr");
  const names = expectedNames(dir);
  if (!names.length) throw new Error(`no *.expected.json in ${dir}`);
  let corpus: Document[];
  let read: { languages: string[]; ms: number } | undefined;
  if (ocr) {
    const size = intFlag(ctx.flags, "size", os.availableParallelism());
    const texts = await readWithTextStage(dir, names, { size, langs: stringFlag(ctx.flags, "langs") }, ctx.signal);
    corpus = names.map((name, i) => ({ name, text: texts.texts[i], expected: readExpected(dir, name) }));
    read = { languages: texts.languages, ms: texts.ms };
  } else {
    corpus = loadCorpus(dir);
  }
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

  const via = read ? ` (PDF/PNG files through the text stage, OCR ${read.languages.join("+")}, ${Math.round(read.ms / n)} ms per document)` : "";
  console.log(`extract: ${n} documents from ${path.relative(process.cwd(), dir) || dir}${via}, rules extractor, ${(ms / n).toFixed(2)} ms per document`);
  for (const k of [...FIELDS, "line_items"] as const) console.log(`  ${k.padEnd(14)} ${String(right[k]).padStart(3)}/${n}  ${(accuracy[k] * 100).toFixed(1)}%`);
  console.log(`  ${"overall".padEnd(14)}          ${(accuracy.overall * 100).toFixed(1)}% (fields, not line items)`);
  if (verbose) for (const m of misses) console.log(`  miss ${m}`);
  else if (misses.length) console.log(`  ${misses.length} misses (--verbose lists them)`);
  const result: ExtractResult = { bench: "extract", documents: n, accuracy, ms_per_document: Math.round((ms / n) * 1000) / 1000, ratio: null };
  if (read) Object.assign(result, { source: "ocr", ocr_languages: read.languages, ocr_ms_per_document: Math.round(read.ms / n) });
  console.log(JSON.stringify(result));
  return result;
}

/** Every document's text as the pipeline gets it: text layer or OCR, through extractText. */
async function readWithTextStage(
  dir: string,
  names: string[],
  opts: { size: number; langs?: string },
  signal: AbortSignal,
): Promise<{ texts: string[]; languages: string[]; ms: number }> {
  const { size } = opts;
  const langs = parseLangs(opts.langs ?? "eng+heb");
  const pool = createOcrPool({ size, langs, tessdataDir: process.env.TESSDATA_DIR });
  try {
    await pool.warmUp();
    const t = performance.now();
    // As many documents at once as there are workers, as the worker's pipeline would.
    const texts: string[] = new Array(names.length);
    let next = 0;
    const lane = async () => {
      for (let i = next++; i < names.length; i = next++) {
        signal.throwIfAborted();
        const { file, contentType } = sourceFile(dir, names[i]);
        const r = await extractText({ bytes: readFileSync(file), contentType }, { pool, limits: DEFAULT_TEXT_LIMITS, signal });
        texts[i] = r.text;
      }
    };
    await Promise.all(Array.from({ length: size }, lane));
    return { texts, languages: langs, ms: performance.now() - t };
  } finally {
    await pool.terminate();
  }
}

function expectedNames(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith(".expected.json"))
    .sort()
    .map((f) => f.replace(/\.expected\.json$/, ""));
}

function readExpected(dir: string, name: string): Expected {
  return JSON.parse(readFileSync(path.join(dir, `${name}.expected.json`), "utf8")) as Expected;
}

// Run alone, without run.ts (which starts PostgreSQL for every benchmark).
if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(__filename)) {
  const { flags } = parseArgs(process.argv.slice(2), []);
  runExtractBenchmark({ flags, signal: new AbortController().signal }).catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
