// Benchmark "extract": the rules extractor over the corpus in tests/fixtures/invoices (each
// NAME.txt against NAME.expected.json), per-field exact-match accuracy, overall and per language
// (the NAME's prefix: en-, he-, de-...). Dates and numbers are compared after normalizing; vendors
// case-insensitively, ignoring punctuation and legal suffixes (Ltd, Inc., בע"מ...). A field
// expected empty counts as right only when nothing was extracted. Also the share of documents the
// pipeline would flag for review (a failed check that is not advisory, or no total) and the share
// of those flags that were right (the document had a wrong field or wrong line items).
// Flags: --verbose (every miss), --dir DIR (another corpus), --ocr (read each NAME.pdf / NAME.png
// with the real text stage, tesseract.js for scans, instead of NAME.txt; --langs as OCR_LANGS,
// default eng+heb as OCR_LANGS has it, models from their npm packages, then TESSDATA_DIR;
// --size N workers; --save-text DIR writes the texts read, with their expected JSON, as a corpus
// for --dir).
// Also runs alone: node --import tsx tests/bench/extract.ts [--verbose] [--ocr] [--langs L]
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { checkExtraction } from "@/lib/extract/checks";
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
    "    flags: --verbose (list every miss) --dir DIR --ocr (read the PDF/PNG files with the text stage and tesseract.js) --langs eng+heb --size N --save-text DIR",
  run: runExtractBenchmark,
};

export const FIELDS = ["document_type", "vendor", "number", "issue_date", "due_date", "currency", "subtotal", "tax", "total"] as const;
export type FieldKey = (typeof FIELDS)[number];
type ScoreKey = FieldKey | "line_items";
const SCORED: ScoreKey[] = [...FIELDS, "line_items"];
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
  /** The same accuracy for each language's documents. */
  languages: Record<string, { documents: number; accuracy: ExtractResult["accuracy"] }>;
  /** Documents the pipeline would flag for review, and how many of those flags point at a real error. */
  review: { flagged: number; flagged_share: number; flags_right: number; flags_right_share: number | null; wrong_unflagged: number };
};

/** One document's result: which fields came out right, whether review would flag it, what was missed. */
export type DocumentScore = { name: string; language: string; right: Record<ScoreKey, boolean>; flagged: boolean; misses: string[] };

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

/** Whether one field came out right, compared as the benchmark scores it. */
export function sameField(key: FieldKey, expected: string | number | null, got: string | number | undefined): boolean {
  if (expected === null) return got === undefined || got === null || got === "";
  if (got === undefined || got === null) return false;
  if (typeof expected === "number") return Math.abs(Number(got) - expected) < 0.005;
  if (key === "vendor") return normalizeVendor(String(got)) === normalizeVendor(expected);
  if (key === "number") return String(got).replace(/^[#\s]+/, "").toLowerCase() === expected.replace(/^[#\s]+/, "").toLowerCase();
  return String(got).trim().toLowerCase() === expected.trim().toLowerCase();
}

function sameItems(expected: LineItem[], got: LineItem[]): boolean {
  if (expected.length !== got.length) return false;
  const eq = (a: number | null, b: number | null) => (a === null ? b === null : b !== null && Math.abs(a - b) < 0.005);
  return expected.every((e, i) => eq(e.amount, got[i].amount) && eq(e.quantity, got[i].quantity) && eq(e.unit_price, got[i].unit_price));
}

type Document = { name: string; text: string; expected: Expected };

/** The NAME's prefix: en-acme-classic is English. */
export function languageOf(name: string): string {
  return name.split("-")[0];
}

/** Compares one extraction with its expected JSON; flags it as the pipeline's review would. */
export function scoreDocument(doc: Document, e: Extraction): DocumentScore {
  const misses: string[] = [];
  const right = {} as Record<ScoreKey, boolean>;
  for (const k of FIELDS) {
    const got = e.fields[k]?.value;
    right[k] = sameField(k, doc.expected[k], got);
    if (!right[k]) misses.push(`${doc.name}: ${k} expected ${JSON.stringify(doc.expected[k])} got ${JSON.stringify(got ?? null)}`);
  }
  right.line_items = sameItems(doc.expected.line_items, e.line_items);
  if (!right.line_items) misses.push(`${doc.name}: line_items expected ${doc.expected.line_items.length} got ${e.line_items.length} ${JSON.stringify(e.line_items.map((i) => [i.quantity, i.unit_price, i.amount]))}`);
  return { name: doc.name, language: languageOf(doc.name), right, flagged: wouldFlag(e), misses };
}

/**
 * What lib/documents/pipeline.ts's reviewReasons flag: a failed consistency check, or no total.
 * A check marked advisory informs without flagging the document.
 */
function wouldFlag(e: Extraction): boolean {
  const failed = checkExtraction(e).filter((c) => !c.ok && !(c as { advisory?: boolean }).advisory);
  return failed.length > 0 || !e.fields.total;
}

function accuracyOf(scores: DocumentScore[]): ExtractResult["accuracy"] {
  const n = scores.length;
  const share = (x: number) => (n ? Math.round((x / n) * 1000) / 1000 : 0);
  const count = (k: ScoreKey) => scores.filter((s) => s.right[k]).length;
  const accuracy = Object.fromEntries(SCORED.map((k) => [k, share(count(k))])) as ExtractResult["accuracy"];
  accuracy.overall = n ? Math.round((FIELDS.reduce((a, k) => a + count(k), 0) / (n * FIELDS.length)) * 1000) / 1000 : 0;
  return accuracy;
}

function reviewOf(scores: DocumentScore[]): ExtractResult["review"] {
  const flagged = scores.filter((s) => s.flagged);
  const wrong = (s: DocumentScore) => SCORED.some((k) => !s.right[k]);
  const flagsRight = flagged.filter(wrong).length;
  const share = (x: number, of: number) => Math.round((x / of) * 1000) / 1000;
  return {
    flagged: flagged.length,
    flagged_share: scores.length ? share(flagged.length, scores.length) : 0,
    flags_right: flagsRight,
    flags_right_share: flagged.length ? share(flagsRight, flagged.length) : null,
    wrong_unflagged: scores.filter((s) => !s.flagged && wrong(s)).length,
  };
}

const pctText = (x: number) => `${(x * 100).toFixed(1)}%`;

/** One row per language, one column per field (percent right). */
export function formatLanguageTable(languages: ExtractResult["languages"]): string {
  const cols: (ScoreKey | "overall")[] = [...SCORED, "overall"];
  const short: Record<string, string> = { document_type: "type", issue_date: "issue", due_date: "due", currency: "cur", subtotal: "subtot", line_items: "items" };
  const head = `  ${"lang".padEnd(5)}${"docs".padStart(5)}` + cols.map((c) => (short[c] ?? c).padStart(8)).join("");
  const rows = Object.entries(languages).map(
    ([lang, l]) => `  ${lang.padEnd(5)}${String(l.documents).padStart(5)}` + cols.map((c) => (l.accuracy[c] * 100).toFixed(0).padStart(8)).join(""),
  );
  return ["  per language (% right):", head, ...rows].join("\n");
}


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
    // --save-text DIR: the OCR'd corpus as a text corpus, to study OCR's misses without OCR again.
    const save = stringFlag(ctx.flags, "save-text");
    if (save) {
      mkdirSync(save, { recursive: true });
      for (const d of corpus) {
        writeFileSync(path.join(save, `${d.name}.txt`), d.text);
        copyFileSync(path.join(dir, `${d.name}.expected.json`), path.join(save, `${d.name}.expected.json`));
      }
    }
    read = { languages: texts.languages, ms: texts.ms };
  } else {
    corpus = loadCorpus(dir);
  }
  let ms = 0;
  const scores = corpus.map((doc) => {
    const t = performance.now();
    const e: Extraction = extractWithRules({ text: doc.text, filename: `${doc.name}.pdf` });
    ms += performance.now() - t;
    return scoreDocument(doc, e);
  });
  const n = corpus.length;
  const accuracy = accuracyOf(scores);
  const languages = Object.fromEntries(
    [...new Set(scores.map((s) => s.language))].map((lang) => {
      const of = scores.filter((s) => s.language === lang);
      return [lang, { documents: of.length, accuracy: accuracyOf(of) }];
    }),
  );
  const review = reviewOf(scores);

  const via = read ? ` (PDF/PNG files through the text stage, OCR ${read.languages.join("+")}, ${Math.round(read.ms / n)} ms per document)` : "";
  console.log(`extract: ${n} documents from ${path.relative(process.cwd(), dir) || dir}${via}, rules extractor, ${(ms / n).toFixed(2)} ms per document`);
  for (const k of SCORED) console.log(`  ${k.padEnd(14)} ${String(scores.filter((s) => s.right[k]).length).padStart(3)}/${n}  ${(accuracy[k] * 100).toFixed(1)}%`);
  console.log(`  ${"overall".padEnd(14)}          ${(accuracy.overall * 100).toFixed(1)}% (fields, not line items)`);
  console.log(formatLanguageTable(languages));
  console.log(
    `  review: ${review.flagged}/${n} flagged (${pctText(review.flagged_share)}); ` +
      `${review.flags_right}/${review.flagged} of the flags right (${review.flags_right_share === null ? "-" : pctText(review.flags_right_share)}): the document had a wrong field or line items; ` +
      `${review.wrong_unflagged} documents with a wrong field or line items not flagged`,
  );
  const misses = scores.flatMap((s) => s.misses);
  if (verbose) for (const m of misses) console.log(`  miss ${m}`);
  else if (misses.length) console.log(`  ${misses.length} misses (--verbose lists them)`);
  const result: ExtractResult = { bench: "extract", documents: n, accuracy, ms_per_document: Math.round((ms / n) * 1000) / 1000, ratio: null, languages, review };
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
