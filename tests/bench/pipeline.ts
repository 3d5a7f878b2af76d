// Benchmark "pipeline": N documents (by default 90% one-page text-layer PDF invoices, 10% scanned
// A4 pages at 300 dpi, half as PNG attachments, half as image-only PDFs) from arrival in Dovecot
// mailboxes until every document has reached its final status (completed or error, the end of
// jobs/document-process.ts) and no document.process job is left, with the real worker process.
// Baseline: the sum of its parts, each measured alone in the same run: the "store" baseline
// (imapflow + MIME parse + sha256 + files), the text layers read with Mailroom's own function
// (readPdfText, lib/ocr/pdf-text-thread.ts, in this process, one document per core at a time),
// and native `tesseract` on the scans' page images (as in the ocr benchmark: one process per pool
// slot, OMP_THREAD_LIMIT=1, orientation detection on every page). See /work/shared/BENCHMARKS.md.
// Flags:
//   --documents N (2000)  --scan-share F (0.1)  --per-mailbox N (20)  --concurrency N (5)
//   --pool-size N (OCR_POOL_SIZE; cores)  --langs eng  --dpi N (300)  --baseline-runs N (1)  --timeout S (1800)
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { parseLangs, resolveModel } from "@/lib/ocr/languages";
import { prepareModelDir } from "@/lib/ocr/model-dir";
import { readPdfText } from "@/lib/ocr/pdf-text-thread";
import { BOSS_SCHEMA } from "@/lib/queue";
import type { Dovecot, DovecotUser } from "../support/dovecot";
import { drawText, invoicePageLines, makeScannedPdf, makeTextPdf } from "../support/images";
import { buildMessage } from "../support/mime";
import { intFlag, stringFlag, type BenchContext, type BenchFlags } from "./args";
import { checkFlags, Cleanup, enqueueFetches, failIfExited, fillDovecot, jobSummary, mb, measureBaselines, round, secs, setUpMailroom, spawnWorkers, until } from "./harness";
import { runNative, tesseractVersion } from "./native-ocr";

export const pipelineBenchmark = {
  description:
    "N documents (90% text-layer PDFs, 10% 300 dpi scans) from the mailboxes to completed, real worker, vs the sum of its parts\n" +
    "    (store + text layers alone + native tesseract on the scans); documents/minute and worker peak RSS\n" +
    "    flags: --documents 2000 --scan-share 0.1 --per-mailbox 20 --concurrency 5 --pool-size <cores> --langs eng --dpi 300\n" +
    "           --baseline-runs 1 --timeout 1800",
  run: runPipelineBenchmark,
};

export type PipelineOptions = {
  documents: number;
  scanShare: number;
  perMailbox: number;
  concurrency: number;
  poolSize: number;
  langs: string[];
  dpi: number;
  baselineRuns: number;
  timeoutMs: number;
};

export const PIPELINE_FLAGS = ["documents", "scan-share", "per-mailbox", "concurrency", "pool-size", "langs", "dpi", "baseline-runs", "timeout"];

export function pipelineOptions(bench: string, f: BenchFlags, known = PIPELINE_FLAGS): PipelineOptions {
  checkFlags(bench, f, known);
  const scanShare = Number(stringFlag(f, "scan-share") ?? 0.1);
  if (!(scanShare >= 0 && scanShare <= 1)) throw new Error(`--scan-share must be between 0 and 1, got ${String(f["scan-share"])}`);
  return {
    documents: intFlag(f, "documents", 2000),
    scanShare,
    perMailbox: intFlag(f, "per-mailbox", 20),
    concurrency: intFlag(f, "concurrency", 5),
    poolSize: intFlag(f, "pool-size", os.availableParallelism()),
    langs: parseLangs(stringFlag(f, "langs") ?? "eng"),
    dpi: intFlag(f, "dpi", 300, 50),
    baselineRuns: intFlag(f, "baseline-runs", 1),
    timeoutMs: intFlag(f, "timeout", 1800) * 1000,
  };
}

export type PipelineResult = {
  bench: "pipeline";
  documents: number;
  scans: number;
  seconds: number;
  documents_per_minute: number;
  baseline_seconds: number;
  store_seconds: number;
  download_seconds: number;
  text_layer_seconds: number;
  ocr_seconds: number;
  ratio: number;
  peak_rss_mb: number;
  errors: number;
  pool_size: number;
  concurrency: number;
};

async function runPipelineBenchmark(ctx: BenchContext): Promise<PipelineResult | undefined> {
  const o = pipelineOptions("pipeline", ctx.flags);
  const native = tesseractVersion();
  if (!native) {
    console.log("bench pipeline: SKIPPED: the native `tesseract` CLI (part of the baseline) is not installed; install Debian's tesseract-ocr");
    return undefined;
  }
  const cleanup = new Cleanup();
  try {
    const mail = await preparePipelineMail(o, ctx.signal, cleanup);

    // ---------------------------------------------------------------- the parts, alone
    const base = await measureBaselines(mail.dovecot, mail.users, o.documents, { concurrency: o.concurrency, runs: o.baselineRuns }, ctx.signal);
    const textSeconds = await readTextLayers(mail.textPdfs, o.baselineRuns, ctx.signal);
    console.log(`baseline text layers: ${mail.textPdfs.length} PDFs in ${round(textSeconds, 2)} s (readPdfText, ${os.availableParallelism()} at a time)`);
    const ocrSeconds = await nativeOcr(mail.scanFiles, o, mail.dir, ctx.signal);
    console.log(`baseline OCR: ${mail.scanFiles.length} scans in ${round(ocrSeconds, 2)} s (${native}, ${o.poolSize} processes, OMP_THREAD_LIMIT=1)`);
    const baselineSeconds = base.storeSeconds + textSeconds + ocrSeconds;

    // ---------------------------------------------------------------- Mailroom
    const m = await runPipelineMailroom(o, mail, { workers: 1, concurrency: o.concurrency, poolSize: o.poolSize }, ctx.signal, cleanup);

    const result: PipelineResult = {
      bench: "pipeline",
      documents: m.documents,
      scans: mail.scanFiles.length,
      seconds: round(m.seconds),
      documents_per_minute: round(m.documentsPerMinute, 1),
      baseline_seconds: round(baselineSeconds),
      store_seconds: round(base.storeSeconds),
      download_seconds: round(base.downloadSeconds),
      text_layer_seconds: round(textSeconds),
      ocr_seconds: round(ocrSeconds),
      ratio: round(baselineSeconds / m.seconds),
      peak_rss_mb: m.peakRssMb[0],
      errors: m.errors,
      pool_size: o.poolSize,
      concurrency: o.concurrency,
    };
    console.log(
      `mailroom: ${m.documents} documents in ${round(m.seconds, 2)} s = ${result.documents_per_minute} documents/min, worker peak RSS ${result.peak_rss_mb} MB; ` +
        `baseline ${round(baselineSeconds, 2)} s (store ${round(base.storeSeconds, 2)} + text layers ${round(textSeconds, 2)} + OCR ${round(ocrSeconds, 2)}; ` +
        `download-only ${round(base.downloadSeconds, 2)}); ratio ${result.ratio}`,
    );
    console.log(JSON.stringify(result));
    return result;
  } finally {
    await cleanup.run();
  }
}

export type PipelineMail = {
  dovecot: Dovecot;
  users: DovecotUser[];
  /** The text-layer PDFs, for the text-layer part of the baseline. */
  textPdfs: Buffer[];
  /** Each scan's page image (PNG, or the JPEG inside the image PDF), for the OCR part. */
  scanFiles: string[];
  dir: string;
};

/**
 * The mailboxes, `perMailbox` messages each with one document; scans spread evenly among them.
 * Every document differs (its own invoice number and lines), so none is deduplicated away.
 */
export async function preparePipelineMail(o: PipelineOptions, signal: AbortSignal, cleanup: Cleanup): Promise<PipelineMail> {
  const { default: sharp } = await import("sharp");
  const t = performance.now();
  const dir = await mkdtemp(path.join(os.tmpdir(), "mailroom-bench-pipeline-"));
  cleanup.add("remove the scans", () => rm(dir, { recursive: true, force: true }));
  const textPdfs: Buffer[] = [];
  const scanFiles: string[] = [];
  // A4 at the scan resolution; 10 pt text.
  const width = Math.round((210 / 25.4) * o.dpi);
  const height = Math.round((297 / 25.4) * o.dpi);
  const fontSize = Math.round((o.dpi * 10) / 72);
  const isScan = (k: number) => Math.floor((k + 1) * o.scanShare) > Math.floor(k * o.scanShare);
  const mailboxes = Math.ceil(o.documents / o.perMailbox);
  let scanBytes = 0;

  const { dovecot, users, bytes } = await fillDovecot(
    {
      mailboxes,
      perMailbox: (i) => Math.min(o.perMailbox, o.documents - i * o.perMailbox),
      message: async (u, i, j) => {
        const k = i * o.perMailbox + j;
        const lines = invoicePageLines(k + 1);
        let attachment: { filename: string; contentType: string; content: Buffer };
        if (isScan(k)) {
          // A scanner's page: slightly specked, a little turned; every other one arrives as an image-only PDF.
          const png = await drawText({ lines, width, height, fontSize, speckle: 0.0004, tiltDegrees: ((k % 5) - 2) * 0.2 });
          const asPdf = scanFiles.length % 2 === 1;
          const image = asPdf ? await sharp(png).jpeg({ quality: 85 }).toBuffer() : png;
          const file = path.join(dir, `scan-${k + 1}.${asPdf ? "jpg" : "png"}`);
          await writeFile(file, image);
          scanFiles.push(file);
          scanBytes += image.length;
          attachment = asPdf
            ? { filename: `scan-${k + 1}.pdf`, contentType: "application/pdf", content: makeScannedPdf([image]) }
            : { filename: `scan-${k + 1}.png`, contentType: "image/png", content: image };
        } else {
          const pdf = makeTextPdf([lines]);
          textPdfs.push(pdf);
          attachment = { filename: `invoice-${k + 1}.pdf`, contentType: "application/pdf", content: pdf };
        }
        return buildMessage({
          from: `Vendor ${i + 1} Billing <billing@vendor${i + 1}.test>`,
          to: `${u.name}@example.test`,
          subject: `Invoice ${10000 + k + 1}`,
          text: `Please find invoice ${10000 + k + 1} attached.`,
          attachments: [attachment],
        });
      },
    },
    signal,
    cleanup,
  );
  console.log(
    `setup: ${o.documents} documents (${textPdfs.length} text-layer PDFs, ${scanFiles.length} scans at ${o.dpi} dpi, ${mb(scanBytes)} MB of page images) ` +
      `in ${mailboxes} mailboxes, ${mb(bytes)} MB of mail (${secs(t)} s)`,
  );
  return { dovecot, users, textPdfs, scanFiles, dir };
}

/** Every PDF's text layer with Mailroom's own reader, one per core at a time; best of `runs` after a warm-up. */
async function readTextLayers(pdfs: Buffer[], runs: number, signal: AbortSignal): Promise<number> {
  if (!pdfs.length) return 0;
  await readPdfText(pdfs[0], { maxPages: 50 }); // starts a thread and loads pdf.js, as a running worker already has
  let best = Infinity;
  for (let r = 0; r < runs; r++) {
    const t = performance.now();
    let next = 0;
    const lane = async () => {
      while (next < pdfs.length) {
        const doc = await readPdfText(pdfs[next++], { maxPages: 50, signal });
        if (!doc.pages.length || doc.pages[0].text.length < 40) throw new Error("a text-layer PDF read without its text");
      }
    };
    await Promise.all(Array.from({ length: os.availableParallelism() }, lane));
    best = Math.min(best, (performance.now() - t) / 1000);
  }
  return best;
}

/** Native tesseract on the page images, `poolSize` processes, with the very model files Mailroom's pool reads. */
async function nativeOcr(files: string[], o: PipelineOptions, dir: string, signal: AbortSignal): Promise<number> {
  if (!files.length) return 0;
  const modelDir = await prepareModelDir([...o.langs, "osd"].map((l) => resolveModel(l, process.env.TESSDATA_DIR)));
  let best = Infinity;
  for (let r = 0; r < o.baselineRuns; r++) best = Math.min(best, (await runNative(files, o.poolSize, o.langs, modelDir, dir, true, signal)).seconds);
  return best;
}

export type MailroomRun = { seconds: number; fetchedSeconds: number; documents: number; errors: number; documentsPerMinute: number; peakRssMb: number[] };

/**
 * A fresh database, `workers` worker.ts processes (each with `concurrency` fetch lanes and an OCR
 * pool of `poolSize`), every account's fetch enqueued, timed until every document is final.
 */
export async function runPipelineMailroom(
  o: PipelineOptions,
  mail: PipelineMail,
  w: { workers: number; concurrency: number; poolSize: number },
  signal: AbortSignal,
  outer: Cleanup,
): Promise<MailroomRun> {
  // Each run cleans up after itself, so that a second run (the workers bench) starts from a quiet machine.
  const cleanup = new Cleanup();
  outer.add("the Mailroom run", () => cleanup.run());
  try {
    const t = performance.now();
    const setup = await setUpMailroom(mail.dovecot, mail.users, cleanup);
    const { tdb } = setup;
    const env = { OCR_LANGS: o.langs.join("+"), OCR_POOL_SIZE: String(w.poolSize) };
    const workers = await spawnWorkers(setup, { count: w.workers, concurrency: w.concurrency, env, timeoutMs: o.timeoutMs }, signal, cleanup);
    const label = `${w.workers} worker${w.workers > 1 ? "s" : ""} (concurrency ${w.concurrency}, OCR pool ${w.poolSize} each)`;
    console.log(`mailroom setup: database, ${setup.accounts.length} accounts, ${label}, pids ${workers.map((x) => x.pid).join(", ")} ready (${secs(t)} s)`);

    const rssNow = () => workers.map((x) => x.rss.currentMb()).join(" + ");
    const started = performance.now();
    await enqueueFetches(setup, cleanup);
    let fetchedSeconds: number | undefined;
    let lastReport = started;
    let c = { emails: 0, documents: 0, final: 0, errors: 0, pending: 0 };
    await until(`${o.documents} documents completed`, o.timeoutMs, signal, async () => {
      await failIfExited(workers);
      const [r] = await tdb.sql.unsafe(`
        select (select count(*)::int from emails) as emails,
               (select count(*)::int from documents) as documents,
               (select count(*)::int from documents where status in ('completed', 'error')) as final,
               (select count(*)::int from documents where status = 'error') as errors,
               (select count(*)::int from ${BOSS_SCHEMA}.job where name = 'document.process' and state in ('created', 'retry', 'active')) as pending`);
      c = r as unknown as typeof c;
      const now = performance.now();
      if (fetchedSeconds === undefined && c.emails >= o.documents) fetchedSeconds = (now - started) / 1000;
      if (now - lastReport > 10_000) {
        lastReport = now;
        console.log(`  ${round((now - started) / 1000, 1)} s: ${c.emails} emails, ${c.documents} documents, ${c.final} final (${c.errors} errors), worker RSS ${rssNow()} MB`);
      }
      return c.documents >= o.documents && c.final >= o.documents && c.pending === 0;
    }, 250, async () => `${c.emails} emails, ${c.documents} documents, ${c.final} final; ${await jobSummary(tdb)}`);
    const seconds = (performance.now() - started) / 1000;
    const peakRssMb = workers.map((x) => x.rss.peakMb());
    console.log(
      `mailroom (${label}): all ${c.documents} documents fetched after ${round(fetchedSeconds ?? seconds, 2)} s, final after ${round(seconds, 2)} s; ` +
        `${c.errors} ended in error; peak RSS ${peakRssMb.join(" + ")} MB`,
    );
    if (c.errors) {
      const reasons = await tdb.sql`select error_reason, left(error_message, 120) as message, count(*)::int as n from documents where status = 'error' group by 1, 2 order by 3 desc limit 5`;
      for (const r of reasons) console.log(`  error: ${r.n} x ${r.error_reason}: ${r.message}`);
    }
    console.log(`check: ${await jobSummary(tdb)}`);
    // Stopped workers have written their stage timings (lib/ops/stage-timings.ts): where the time went.
    await Promise.all(workers.map((x) => x.stop()));
    const stages = await tdb.sql`select stage, sum(count)::int as n, sum(sum) as seconds from stage_timings group by stage order by stage`;
    console.log(`stages (summed over workers): ${stages.map((r) => `${r.stage} ${r.n} x ${round(Number(r.seconds) / r.n, 3)} s = ${round(Number(r.seconds), 1)} s`).join("; ")}`);
    return { seconds, fetchedSeconds: fetchedSeconds ?? seconds, documents: c.documents, errors: c.errors, documentsPerMinute: (c.documents / seconds) * 60, peakRssMb };
  } finally {
    await cleanup.run();
  }
}
