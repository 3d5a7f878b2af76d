// Benchmark "workers": the pipeline benchmark's mail and documents, run once with one worker
// process and once with two on one database, in the same run, against the same Dovecot; each run
// starts from a fresh database. ratio = two workers' documents/minute over one's (on 2 cores,
// two processes must not lose throughput). Also documents/hour per worker, to size a fleet.
// Fair split: both runs get the same machine-wide resources, so only the number of processes
// differs. OCR threads: one worker's pool has a slot per core (the default), each of two has half
// (OCR_POOL_SIZE=1 each on 2 cores), so neither run oversubscribes the cores with OCR. Fetch
// lanes: one worker has --concurrency lanes, each of two half of them (rounded up), so the two
// do not hit Dovecot and Postgres with twice the fetches. The document pipeline runs one
// document at a time per worker (jobs/document-process.ts), so two workers do run two at once:
// that is the point of adding a process. See /work/shared/BENCHMARKS.md. Flags: those of the
// pipeline benchmark without the baseline's (--documents 2000 --scan-share 0.1 --per-mailbox 20
// --concurrency 4 --pool-size <cores> --langs eng --dpi 300 --timeout 1800).
import os from "node:os";
import type { BenchContext } from "./args";
import { Cleanup, round } from "./harness";
import { PIPELINE_FLAGS, pipelineOptions, preparePipelineMail, runPipelineMailroom } from "./pipeline";

export const workersBenchmark = {
  description:
    "the pipeline benchmark with one worker process and with two on one database, same run; ratio = two/one in documents/min\n" +
    "    flags: --documents 2000 --scan-share 0.1 --per-mailbox 20 --concurrency 4 --pool-size <cores> --langs eng --dpi 300 --timeout 1800",
  run: runWorkersBenchmark,
};

export type WorkersResult = {
  bench: "workers";
  documents: number;
  one_seconds: number;
  two_seconds: number;
  one_documents_per_minute: number;
  two_documents_per_minute: number;
  ratio: number;
  documents_per_hour_per_worker_one: number;
  documents_per_hour_per_worker_two: number;
  one_peak_rss_mb: number;
  two_peak_rss_mb: number[];
  errors: number;
  cores: number;
};

async function runWorkersBenchmark(ctx: BenchContext): Promise<WorkersResult> {
  const o = pipelineOptions("workers", { concurrency: "4", ...ctx.flags }, PIPELINE_FLAGS.filter((f) => f !== "baseline-runs"));
  const cleanup = new Cleanup();
  try {
    const mail = await preparePipelineMail(o, ctx.signal, cleanup);
    const one = await runPipelineMailroom(o, mail, { workers: 1, concurrency: o.concurrency, poolSize: o.poolSize }, ctx.signal, cleanup);
    const half = (n: number) => Math.max(1, Math.ceil(n / 2));
    const two = await runPipelineMailroom(o, mail, { workers: 2, concurrency: half(o.concurrency), poolSize: half(o.poolSize) }, ctx.signal, cleanup);

    const perHour = (run: typeof one, workers: number) => round((run.documentsPerMinute * 60) / workers, 0);
    const result: WorkersResult = {
      bench: "workers",
      documents: o.documents,
      one_seconds: round(one.seconds),
      two_seconds: round(two.seconds),
      one_documents_per_minute: round(one.documentsPerMinute, 1),
      two_documents_per_minute: round(two.documentsPerMinute, 1),
      ratio: round(two.documentsPerMinute / one.documentsPerMinute),
      documents_per_hour_per_worker_one: perHour(one, 1),
      documents_per_hour_per_worker_two: perHour(two, 2),
      one_peak_rss_mb: one.peakRssMb[0],
      two_peak_rss_mb: two.peakRssMb,
      errors: one.errors + two.errors,
      cores: os.availableParallelism(),
    };
    console.log(
      `one worker: ${result.one_documents_per_minute} documents/min (${result.documents_per_hour_per_worker_one}/hour); ` +
        `two workers: ${result.two_documents_per_minute} documents/min (${result.documents_per_hour_per_worker_two}/hour per worker); ratio ${result.ratio}`,
    );
    console.log(JSON.stringify(result));
    return result;
  } finally {
    await cleanup.run();
  }
}
