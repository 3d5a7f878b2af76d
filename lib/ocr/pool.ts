// A pool of tesseract.js workers (each a worker thread running Tesseract compiled to WebAssembly)
// shared by every document a process reads. Workers start on first use, are reused across jobs,
// and are thrown away when a job fails or is cancelled: a cancelled recognition cannot be
// stopped inside the thread, so the thread itself is terminated and a fresh one starts later.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { createWorker, OEM, type Worker } from "tesseract.js";
import type Tesseract from "tesseract.js";
import { looksTurned, rotationFromHocr, type Rotation } from "./orientation";
import { availableLanguages, parseLangs, resolveModel, type ModelSource } from "./languages";
import { PAGE_LANGUAGES, pageLanguage } from "./page-language";
import { prepareModelDir } from "./model-dir";
import { MISSED_LINES_PARAMS, recoverMissedLines } from "./missed-lines";
import { findMissedBands } from "./page-prep";
import { defaultPoolSize } from "./pool-size";
import { needsNumberPass, NUMBER_PASS_PARAMS, pageText, parsePgm, rereadNumbers, type OcrParagraph } from "./numbers";
import { mendZeros } from "./zeros";
import { isRightToLeft, rowsText } from "./rows";
import { ORIENTATION_PSM, SHADED_PAGE_PARAMS, TESSERACT_PARAMS } from "./params";
import { HEBREW_PAGE_SHARE, hebrewShare, keepReading, latinLanguages, mayBeOtherScript, type ScriptMode } from "./script-choice";

export type OcrPoolOptions = {
  /** Workers at most (default: one per core but one, left to fetching and Postgres). Each holds its models, ~100-200 MB. */
  size?: number;
  /** A worker is replaced after reading this many pages: its WebAssembly memory never shrinks (default 100). */
  recycleAfterPages?: number;
  /**
   * Above this process RSS (bytes), a worker that finishes a page is replaced rather than kept, and
   * only one reads at a time until memory is back under it (default: no ceiling).
   */
  rssCeilingBytes?: number;
  /** The process's resident memory now (default process.memoryUsage.rss; tests pass their own). */
  rss?: () => number;
  /** Languages read together, e.g. ["eng", "heb"] (default ["eng"]). */
  langs?: string[] | string;
  /** Folder with `<lang>.traineddata` for languages not bundled (TESSDATA_DIR). */
  tessdataDir?: string;
  /** Where uncompressed models are kept between runs (default: a folder in the OS temp dir). */
  cachePath?: string;
  /**
   * Latin-script languages a page is read again in when its words say it is in one of them
   * (page-language.ts), e.g. ["deu", "fra"]. Default: every one whose model is installed.
   */
  pageLangs?: string[];
};

/** What preparing a page learnt about it (page-prep.ts). `shaded`: part of its paper is tinted. */
export type PageHints = { shaded?: boolean };

export type RecognizeOptions = { signal?: AbortSignal; hints?: PageHints };

/** Text of one image; `rotation` is the clockwise turn Tesseract applied to read it upright. */
export type OcrResult = { text: string; confidence: number; rotation: Rotation };

/** `recycled`: workers replaced for their page count or the RSS ceiling (not for failures). */
export type OcrPoolStats = { size: number; workers: number; busy: number; queued: number; pagesRead: number; recycled: number; started: number };

export type OcrPool = {
  readonly size: number;
  readonly langs: string[];
  recognize(image: Buffer, opts?: RecognizeOptions): Promise<OcrResult>;
  /** Starts every worker now rather than on first use (benchmarks, a worker process's start). */
  warmUp(): Promise<void>;
  stats(): OcrPoolStats;
  /** Stops every worker; queued and running jobs reject. */
  terminate(): Promise<void>;
};

/** Tesseract could not decode the image (not a picture it knows, or broken data). */
export class OcrImageUnreadable extends Error {
  constructor(message: string) {
    super(message);
    this.name = "OcrImageUnreadable";
  }
}

/**
 * A page read again with its language's model is kept unless that reading is this much less
 * confident: the English model is confident about the words it mangles ("Birotechnik").
 */
const PAGE_LANGUAGE_MARGIN = 5;

export const DEFAULT_RECYCLE_PAGES = 100;

// tsx compiles lib/ to CommonJS (__dirname); the fallback covers an ESM load from the project root.
const OCR_THREAD_FILE = path.join(typeof __dirname === "string" ? __dirname : path.join(process.cwd(), "lib", "ocr"), "ocr-thread.ts");

/** A page this large (a 16 MP greyscale page) leaves its worker's memory grown for good. */
const LARGE_IMAGE_BYTES = 16 * 1024 * 1024;

type Job = {
  image: Buffer;
  hints: PageHints;
  signal?: AbortSignal;
  resolve: (r: OcrResult) => void;
  reject: (e: unknown) => void;
  dropFromQueue?: () => void;
};

/**
 * Creates the pool. Every language is resolved to a local model file now, so a missing one
 * fails here with OcrLanguageUnavailable (naming the language and where it looked) instead of
 * at the first document; nothing is ever downloaded.
 */
export function createOcrPool(options: OcrPoolOptions = {}): OcrPool {
  const size = Math.max(1, Math.floor(options.size ?? defaultPoolSize()));
  const recycleAfter = Math.max(1, Math.floor(options.recycleAfterPages ?? DEFAULT_RECYCLE_PAGES));
  const rss = options.rss ?? (() => process.memoryUsage.rss());
  const overCeiling = () => options.rssCeilingBytes !== undefined && rss() > options.rssCeilingBytes;
  const langs = typeof options.langs === "string" ? parseLangs(options.langs) : [...(options.langs ?? ["eng"])];
  if (!langs.length) throw new Error("createOcrPool: no OCR language given");
  const pageLangs = (options.pageLangs ?? availableLanguages(PAGE_LANGUAGES, options.tessdataDir)).filter((l) => !langs.includes(l) && l !== "eng");
  // The languages a page's words are weighed against, English among them so an English page is told as one.
  const candidates = [...new Set(["eng", ...langs, ...pageLangs])];
  const sources: ModelSource[] = [...langs, ...pageLangs, "osd"].map((l) => resolveModel(l, options.tessdataDir));

  let models: Promise<{ dir: string; osd: Buffer }> | undefined;
  const prepare = () =>
    (models ??= (async () => {
      const dir = await prepareModelDir(sources, options.cachePath);
      return { dir, osd: await readFile(path.join(dir, "osd.traineddata")) };
    })().catch((err) => {
      models = undefined; // let a later job try again
      throw err;
    }));

  const idle: Worker[] = [];
  const busy = new Set<Worker>();
  const queue: Job[] = [];
  let starting = 0;
  let closed = false;
  let pagesRead = 0;
  let recycled = 0;
  let started = 0;
  // Pages each worker has read since it started.
  const pagesBy = new WeakMap<Worker, number>();

  async function startWorker(): Promise<Worker> {
    const { dir, osd } = await prepare();
    // tesseract.js reports a failed initialisation only to `errorHandler` (its own promise then
    // never settles), so creation races against it.
    let failCreation: (err: Error) => void = () => {};
    const failed = new Promise<never>((_, reject) => (failCreation = reject));
    let ready = false;
    const worker = await Promise.race([
      // As a string: tesseract.js adds every language it later loads to the array it was given,
      // which was the pool's own list (a page read in German left German in every later reading).
      createWorker(modeLangs(firstMode).join("+"), OEM.LSTM_ONLY, {
        // A local folder (not a URL) makes tesseract.js read the file instead of fetching it;
        // cacheMethod "none" stops it from first looking for, and then writing, a copy
        // named <lang>.traineddata in the working directory.
        langPath: dir,
        gzip: false,
        cacheMethod: "none",
        // The full core: orientation detection runs on the legacy engine.
        legacyCore: true,
        legacyLang: false,
        logger: () => {},
        // tesseract.js's worker script, at background priority (ocr-thread.ts).
        workerPath: OCR_THREAD_FILE,
        errorHandler: (err: unknown) => {
          if (!ready) failCreation(new Error(`starting an OCR worker (${langs.join("+")}) failed: ${String(err)}`));
          // After start-up, errors also reject the job's own promise, handled in run().
        },
      }),
      failed,
    ]);
    // Orientation detection loads osd.traineddata from the worker's own data folder on demand.
    await worker.FS("writeFile", ["./osd.traineddata", osd]);
    // debug_file: Tesseract's progress chatter ("Estimating resolution as ...") goes nowhere.
    await worker.setParameters({ ...TESSERACT_PARAMS, debug_file: "/dev/null" } as never);
    ready = true;
    modes.set(worker, firstMode);
    started++;
    // A thread that dies (out of memory, a crash outside tesseract.js's own error handling) would
    // otherwise throw its 'error' event in this process: fail its job and forget the worker.
    const thread = (worker as unknown as { worker?: import("node:worker_threads").Worker }).worker;
    const died = (why: string) => {
      const i = idle.indexOf(worker);
      if (i >= 0) idle.splice(i, 1);
      running.get(worker)?.(new Error(`the OCR worker died: ${why}`));
    };
    thread?.on("error", (err) => died(err instanceof Error ? err.message : String(err)));
    thread?.on("exit", (code) => died(`exit code ${code}`));
    return worker;
  }

  function pump(): void {
    if (closed) return;
    while (queue.length && idle.length) run(idle.pop()!, queue.shift()!);
    // Over the memory ceiling, one worker reads at a time: the others were retired as they finished.
    const limit = overCeiling() ? 1 : size;
    while (queue.length > starting && idle.length + busy.size + starting < limit) {
      starting++;
      startWorker().then(
        (worker) => {
          starting--;
          if (closed) return void worker.terminate();
          idle.push(worker);
          pump();
        },
        (err) => {
          starting--;
          // The same cause would fail every waiting job: fail them now rather than retry forever.
          for (const job of queue.splice(0)) settle(job, () => job.reject(err));
        },
      );
    }
  }

  function settle(job: Job, fn: () => void) {
    job.dropFromQueue?.();
    fn();
  }

  // Hebrew loses its digits to its model: such pools read a page's numbers twice (numbers.ts).
  const numberPass = needsNumberPass(langs);
  // Hebrew with English: a page is read in Latin script first, in both when it says so (script-choice.ts).
  const latin = latinLanguages(langs);
  // A worker's script, and the page language whose model it has loaded besides (page-language.ts).
  type Mode = { script: ScriptMode; page?: string };
  const modes = new WeakMap<Worker, Mode>();
  const modeLangs = (m: Mode) => {
    const base = m.script === "all" ? langs : (latin ?? langs);
    return m.page ? [...base, m.page] : base;
  };

  // Every page is first read in the same mode, whatever the worker read last: a page's text then
  // depends on the page alone, not on which pages came before it to that worker. (Reading in the
  // mode the worker was left in saved a model switch, ~130 ms, per page, but a Portuguese scan
  // read first with Hebrew kept Hebrew debris and never reached its own model.)
  const firstMode: Mode = { script: latin ? "latin" : "all" };

  /** `params`: Tesseract settings for this page alone (a shaded page's threshold). */
  async function readInScript(worker: Worker, image: Buffer, params: Record<string, string>): Promise<OcrResult> {
    await switchMode(worker, firstMode);
    const first = await readPage(worker, image, params);
    let kept = first;
    let keptMode = firstMode;
    if (latin && mayBeOtherScript(first)) {
      const both: Mode = { script: "all" };
      await switchMode(worker, both);
      const second = await readPage(worker, image, params);
      if (keepReading(first, second) === "both") [kept, keptMode] = [second, both];
    }
    // A Latin page in a language whose model is at hand, read with it: its accents and words come back.
    const lang = pageLangs.length && hebrewShare(kept.text) < HEBREW_PAGE_SHARE ? pageLanguage(kept.text, candidates) : undefined;
    if (lang && pageLangs.includes(lang) && keptMode.page !== lang) {
      const withLang: Mode = { script: latin ? "latin" : keptMode.script, page: lang };
      await switchMode(worker, withLang);
      const again = await readPage(worker, image, params);
      if (again.confidence + PAGE_LANGUAGE_MARGIN >= kept.confidence) kept = again;
    }
    return { text: kept.text, confidence: kept.confidence, rotation: kept.rotation };
  }

  async function switchMode(worker: Worker, mode: Mode): Promise<void> {
    const current = modes.get(worker) ?? { script: "all" };
    if (modeLangs(current).join("+") !== modeLangs(mode).join("+")) {
      await worker.reinitialize(modeLangs(mode).join("+"), OEM.LSTM_ONLY);
      // A new initialisation starts from Tesseract's defaults.
      await worker.setParameters({ ...TESSERACT_PARAMS, debug_file: "/dev/null" } as never);
    }
    modes.set(worker, mode);
  }

  /**
   * One page: read as it is; when that reading looks like a turned page, read again with
   * orientation detection and keep whichever reading Tesseract is more confident in.
   */
  async function readPage(worker: Worker, image: Buffer, params: Record<string, string>): Promise<Reading> {
    const output = { text: true, hocr: true, blocks: true };
    const first = (await worker.recognize(image, params, output)).data;
    const upright: Reading = { text: first.text ?? "", confidence: first.confidence ?? 0, rotation: 0, weakestLine: weakestLine(first.blocks) };
    if (!looksTurned(upright.confidence, first.hocr)) return withNumbers(worker, image, upright, first);
    // Parameters given with a job apply to that job only.
    const second = (await worker.recognize(image, { ...params, tessedit_pageseg_mode: ORIENTATION_PSM } as never, output)).data;
    const turned: Reading = { text: second.text ?? "", confidence: second.confidence ?? 0, rotation: rotationFromHocr(second.hocr), weakestLine: weakestLine(second.blocks) };
    return turned.confidence >= upright.confidence ? withNumbers(worker, image, turned, second) : withNumbers(worker, image, upright, first);
  }

  /**
   * Lines the layout left out read again (missed-lines.ts), dotted or slashed zeros read as other
   * digits put back (zeros.ts), a Hebrew page's lost numbers read again (numbers.ts), and its rows
   * put back together (rows.ts).
   */
  async function withNumbers(worker: Worker, image: Buffer, page: Reading, data: Tesseract.Page): Promise<Reading> {
    // A turned page's word boxes are not where its picture has them upright: left as read.
    if (page.rotation !== 0) return page;
    const grey = parsePgm(image);
    const laidOut = paragraphs(data.blocks);
    const readLines = async (strip: Buffer) => paragraphs((await worker.recognize(strip, MISSED_LINES_PARAMS as never, { text: false, blocks: true })).data.blocks);
    const bands = grey ? await findMissedBands(image, laidOut) : [];
    const read = (grey && bands.length && (await recoverMissedLines(grey, laidOut, bands, readLines))) || laidOut;
    const mended = (grey && mendZeros(grey, read)) || read;
    if (!numberPass) return mended === laidOut ? page : { ...page, text: pageText(mended) };
    const reread = async (strip: Buffer) => paragraphs((await worker.recognize(strip, NUMBER_PASS_PARAMS as never, { text: false, blocks: true })).data.blocks);
    const fixed = (await rereadNumbers(image, mended, reread)) ?? mended;
    if (isRightToLeft(fixed)) return { ...page, text: rowsText(fixed) };
    return fixed === laidOut ? page : { ...page, text: pageText(fixed) };
  }

  // Running jobs by worker, so terminate() can fail them (their thread is ended under them).
  const running = new Map<Worker, (err: unknown) => void>();

  function run(worker: Worker, job: Job): void {
    job.dropFromQueue?.();
    if (job.signal?.aborted) {
      idle.push(worker);
      job.reject(job.signal.reason);
      return pump();
    }
    busy.add(worker);
    let done = false;
    const finish = (outcome: () => void, keepWorker: boolean) => {
      if (done) return;
      done = true;
      job.signal?.removeEventListener("abort", onAbort);
      running.delete(worker);
      busy.delete(worker);
      if (keepWorker && !closed) idle.push(worker);
      else void worker.terminate().catch(() => {});
      outcome();
      pump();
    };
    // The thread cannot be interrupted mid-page: it is ended, and pump() starts another when needed.
    const onAbort = () => finish(() => job.reject(job.signal!.reason), false);
    job.signal?.addEventListener("abort", onAbort, { once: true });
    running.set(worker, (err) => finish(() => job.reject(err), false));
    readInScript(worker, job.image, job.hints.shaded ? SHADED_PAGE_PARAMS : {}).then(
      (result) => {
        const pages = (pagesBy.get(worker) ?? 0) + 1;
        pagesBy.set(worker, pages);
        // WebAssembly memory grows to the largest page read and never shrinks: a worker that read a
        // huge page, or many pages, or that the process can no longer afford, is replaced now,
        // between pages (its page is done), so idle workers stay small.
        const recycle = job.image.length >= LARGE_IMAGE_BYTES || pages >= recycleAfter || overCeiling();
        if (recycle) recycled++;
        finish(() => {
          pagesRead++;
          job.resolve(result);
        }, !recycle);
      },
      (err: unknown) => {
        const message = String(err instanceof Error ? err.message : err);
        // An image Tesseract cannot decode is an ordinary answer; after any other failure the
        // worker may be in any state (out of memory, aborted WebAssembly), so it is retired.
        if (/read image/i.test(message)) finish(() => job.reject(new OcrImageUnreadable(`the image could not be decoded: ${message.replace(/^Error: /, "")}`)), true);
        else finish(() => job.reject(new Error(`OCR failed: ${message}`)), false);
      },
    );
  }

  return {
    size,
    langs,
    recognize(image, opts = {}) {
      if (closed) return Promise.reject(new Error("the OCR pool is terminated"));
      if (opts.signal?.aborted) return Promise.reject(opts.signal.reason);
      return new Promise<OcrResult>((resolve, reject) => {
        const job: Job = { image, hints: opts.hints ?? {}, signal: opts.signal, resolve, reject };
        if (opts.signal) {
          const signal = opts.signal;
          const onAbort = () => {
            const i = queue.indexOf(job);
            if (i >= 0) {
              queue.splice(i, 1);
              reject(signal.reason);
            }
          };
          signal.addEventListener("abort", onAbort, { once: true });
          job.dropFromQueue = () => signal.removeEventListener("abort", onAbort);
        }
        queue.push(job);
        pump();
      });
    },
    async warmUp() {
      const missing = size - (idle.length + busy.size + starting);
      starting += missing;
      const started = await Promise.allSettled(Array.from({ length: missing }, () => startWorker()));
      starting -= missing;
      for (const r of started) if (r.status === "fulfilled") (closed ? void r.value.terminate() : idle.push(r.value));
      pump();
      const failure = started.find((r) => r.status === "rejected");
      if (failure) throw failure.reason;
    },
    stats: () => ({ size, workers: idle.length + busy.size, busy: busy.size, queued: queue.length, pagesRead, recycled, started }),
    async terminate() {
      closed = true;
      const error = new Error("the OCR pool is terminated");
      for (const job of queue.splice(0)) settle(job, () => job.reject(error));
      for (const fail of [...running.values()]) fail(error);
      await Promise.all(idle.splice(0).map((w) => w.terminate().catch(() => {})));
    },
  };
}


/** A reading as the script choice sees it: with its least confident line (100 when unknown). */
type Reading = OcrResult & { weakestLine: number };

function weakestLine(blocks: Tesseract.Block[] | null | undefined): number {
  const lines = (blocks ?? []).flatMap((b) => b.paragraphs.flatMap((p) => p.lines.map((l) => l.confidence)));
  return lines.length ? Math.min(...lines) : 100;
}

function paragraphs(blocks: Tesseract.Block[] | null): OcrParagraph[] {
  return (blocks ?? []).flatMap((b) => b.paragraphs.map((p) => ({ lines: p.lines.map((l) => ({ bbox: l.bbox, confidence: l.confidence, words: l.words.map((w) => ({ text: w.text, bbox: w.bbox, confidence: w.confidence, symbols: w.symbols.map((s) => ({ text: s.text, bbox: s.bbox })) })) })) })));
}

export { defaultPoolSize };
