// The benchmark entry point: `npm run bench -- [NAME...] [--flag value...]`.
// No name runs every benchmark. A PostgreSQL server comes from DATABASE_URL, or an embedded one
// for this run (as tests/run.ts does). Exits non-zero when a benchmark throws.
import { chmod, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { startEmbeddedPostgres } from "../../lib/boot/embedded-postgres";
import { parseArgs, type BenchContext } from "./args";

type Benchmark = { description: string; run(ctx: BenchContext): Promise<unknown> };

const BENCHMARKS: Record<string, () => Promise<Benchmark>> = {
  fetch: async () => (await import("./fetch")).fetchBenchmark,
  extract: async () => (await import("./extract")).extractBenchmark,
  ocr: async () => (await import("./ocr")).ocrBenchmark,
  pipeline: async () => (await import("./pipeline")).pipelineBenchmark,
  workers: async () => (await import("./workers")).workersBenchmark,
  search: async () => (await import("./search")).searchBenchmark,
  api: async () => (await import("./api")).apiBenchmark,
  scheduler: async () => (await import("./scheduler")).schedulerBenchmark,
};

async function main(): Promise<number> {
  const { names, flags } = parseArgs(process.argv.slice(2), Object.keys(BENCHMARKS));
  if (flags.help) {
    console.log(`usage: npm run bench -- [${Object.keys(BENCHMARKS).join("|")}...] [--flags]`);
    for (const [name, load] of Object.entries(BENCHMARKS)) console.log(`  ${name}: ${(await load()).description}`);
    return 0;
  }
  const unknown = names.filter((n) => !BENCHMARKS[n]);
  if (unknown.length) {
    console.error(`bench: unknown benchmark ${unknown.join(", ")} (known: ${Object.keys(BENCHMARKS).join(", ")})`);
    return 2;
  }
  const selected = names.length ? names : Object.keys(BENCHMARKS);

  let stopPg = async () => {};
  if (!process.env.DATABASE_URL) {
    const dir = await mkdtemp(path.join(os.tmpdir(), "mailroom-bench-pg-"));
    await chmod(dir, 0o755); // as root, Postgres runs as the postgres user and must reach its folder
    try {
      const pg = await startEmbeddedPostgres(path.join(dir, "data"), { database: "postgres" });
      process.env.DATABASE_URL = pg.url;
      stopPg = async () => {
        await pg.stop();
        await rm(dir, { recursive: true, force: true });
      };
    } catch (err) {
      await rm(dir, { recursive: true, force: true });
      throw err;
    }
    console.log(`bench: embedded PostgreSQL at ${process.env.DATABASE_URL!.replace(/:[^:@/]+@/, ":***@")}`);
  }
  process.env.LOG_LEVEL ??= "silent";

  // Ctrl-C: the running benchmark stops waiting and its finally blocks clean up; a second one quits at once.
  const abort = new AbortController();
  const onSignal = (signal: NodeJS.Signals) => {
    if (abort.signal.aborted) process.exit(130);
    console.error(`\nbench: ${signal}, cleaning up (again to quit at once)`);
    abort.abort(new Error(`interrupted by ${signal}`));
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  let failed = 0;
  try {
    for (const name of selected) {
      if (abort.signal.aborted) break;
      console.log(`\n== bench ${name}`);
      try {
        const bench = await BENCHMARKS[name]();
        await bench.run({ flags, signal: abort.signal });
      } catch (err) {
        failed++;
        console.error(`bench ${name} failed:`, err instanceof Error ? err.stack ?? err.message : err);
      }
    }
  } finally {
    await stopPg().catch((err) => console.error(`bench: stopping PostgreSQL failed: ${err}`));
  }
  return failed || abort.signal.aborted ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
