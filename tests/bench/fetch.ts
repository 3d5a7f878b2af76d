// Benchmark "fetch": the real worker (worker.ts, its own process, its document pipeline running)
// fetches, stores and enqueues MAILBOXES x MESSAGES messages (one ~100 KB PDF each) from a
// throwaway Dovecot, against the "store" baseline: plain imapflow downloading the same messages
// with the same concurrency, each parsed with Mailroom's MIME parser, each message and attachment
// hashed and written to disk, no database. The download-only time is printed beside it.
// The two run in rounds, each round the baseline then Mailroom on a fresh database: a machine
// whose speed drifts by a third between minutes (this one does) then slows both of a pair alike.
// Both are timed warm: the baseline after earlier downloads in the same process, the worker after
// its first fetch (the same mailboxes for another company, whose documents the pipeline then
// works on during the timed fetch). That cold first fetch is printed too (cold_seconds).
// The ratio is the median of the rounds' ratios. See /work/shared/BENCHMARKS.md. Flags:
//   --mailboxes N (100)  --messages N (20 per mailbox)  --concurrency N (5)  --pdf-bytes N (100000)
//   --rounds N (3, after one warm-up)  --timeout S (300)  --cpu-prof [DIR] (profile the worker in the first round,
//   which the profiler slows: time with more rounds)
import { chmod, mkdir, mkdtemp, readdir } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { BOSS_SCHEMA } from "@/lib/queue";
import type { TestDatabase } from "../support/db";
import type { Dovecot, DovecotUser } from "../support/dovecot";
import { buildMessage, makePdf } from "../support/mime";
import { intFlag, type BenchContext } from "./args";
import { addCompany, checkFlags, Cleanup, cpuGrowth, cpuTimes, enqueueFetches, failIfExited, fillDovecot, jobSummary, mb, measureBaselineOnce, median, round, secs, setUpMailroom, spawnWorkers, until, warmUpDownloads, type Baselines, type BenchWorker, type MailroomSetup } from "./harness";
import { summarizeCpuProfiles, type Category } from "./profile";

export const fetchBenchmark = {
  description:
    "the worker (pipeline running) fetches, stores and enqueues N mailboxes x M messages (a ~100 KB PDF each) vs\n" +
    "    imapflow + MIME parse + sha256 + files ('store'), download-only printed beside\n" +
    "    flags: --mailboxes 100 --messages 20 --concurrency 5 --pdf-bytes 100000 --rounds 3 --timeout 300\n" +
    "           --cpu-prof [DIR]",
  run: runFetchBenchmark,
};

type Options = {
  mailboxes: number;
  messages: number;
  concurrency: number;
  pdfBytes: number;
  rounds: number;
  timeoutMs: number;
  cpuProfDir?: string;
};

export type FetchResult = {
  bench: "fetch";
  documents: number;
  messages: number;
  seconds: number;
  store_seconds: number;
  download_seconds: number;
  ratio: number;
  ratios: number[];
  /** The worker's first fetch after it started (untimed warm-up), median of the rounds, and its ratio. */
  cold_seconds: number;
  cold_ratio: number;
  messages_per_second: number;
  peak_rss_mb: number;
  concurrency: number;
};

const FLAGS = ["mailboxes", "messages", "concurrency", "pdf-bytes", "rounds", "timeout", "cpu-prof"];

function options(ctx: BenchContext): Options {
  const f = ctx.flags;
  checkFlags("fetch", f, FLAGS);
  const prof = f["cpu-prof"];
  return {
    mailboxes: intFlag(f, "mailboxes", 100),
    messages: intFlag(f, "messages", 20),
    concurrency: intFlag(f, "concurrency", 5),
    pdfBytes: intFlag(f, "pdf-bytes", 100_000, 0),
    rounds: intFlag(f, "rounds", 3),
    timeoutMs: intFlag(f, "timeout", 300) * 1000,
    cpuProfDir: prof === undefined ? undefined : prof === true ? "" : prof,
  };
}

async function runFetchBenchmark(ctx: BenchContext): Promise<FetchResult> {
  const o = options(ctx);
  const total = o.mailboxes * o.messages;
  const cleanup = new Cleanup();
  try {
    // ---------------------------------------------------------------- setup: Dovecot with the mail
    const t = performance.now();
    const { dovecot, users, bytes } = await fillDovecot(
      {
        mailboxes: o.mailboxes,
        perMailbox: () => o.messages,
        message: (u, i, j) => {
          const n = `${i + 1}-${j + 1}`;
          // Enough text for a text layer (lib/ocr/pdf.ts MIN_TEXT_LAYER_CHARS): with the two lines
          // alone every document was rendered and OCRed, as if the mail were all scans.
          const text = `Invoice ${n}\nVendor ${i + 1} Billing, Springfield\nTotal due: ${(100 + i + j / 100).toFixed(2)} USD\nMailroom fetch benchmark`;
          return buildMessage({
            from: `Vendor ${i + 1} Billing <billing@vendor${i + 1}.test>`,
            to: `${u.name}@example.test`,
            subject: `Invoice ${n}`,
            text: `Please find invoice ${n} attached.`,
            attachments: [{ filename: `invoice-${n}.pdf`, contentType: "application/pdf", content: makePdf(text, { padToBytes: o.pdfBytes }) }],
          });
        },
      },
      ctx.signal,
      cleanup,
    );
    console.log(`setup: ${o.mailboxes} mailboxes x ${o.messages} messages = ${total} messages, ${mb(bytes)} MB, in Dovecot ${dovecot.host}:${dovecot.port} (${secs(t)} s)`);

    // ---------------------------------------------------------------- rounds: the store baseline, then Mailroom
    await warmUpDownloads(dovecot, users, total, o.concurrency, ctx.signal);
    const rounds: { base: Baselines; m: MailroomRun }[] = [];
    for (let r = 1; r <= o.rounds; r++) {
      const base = await measureBaselineOnce(dovecot, users, total, o.concurrency, ctx.signal, `round ${r} baseline`);
      // Each round's database, files and worker go when it ends.
      const own = new Cleanup();
      const m = await runMailroom(o, dovecot, users, total, ctx.signal, own, r === 1).finally(() => own.run());
      rounds.push({ base, m });
      console.log(`round ${r}: mailroom ${round(m.seconds, 2)} s, store baseline ${round(base.storeSeconds, 2)} s: ratio ${round(base.storeSeconds / m.seconds)}`);
    }

    const ratios = rounds.map((x) => round(x.base.storeSeconds / x.m.seconds));
    const seconds = median(rounds.map((x) => x.m.seconds));
    const result: FetchResult = {
      bench: "fetch",
      documents: rounds[0].m.documents,
      messages: rounds[0].m.messages,
      seconds: round(seconds),
      store_seconds: round(median(rounds.map((x) => x.base.storeSeconds))),
      download_seconds: round(median(rounds.map((x) => x.base.downloadSeconds))),
      ratio: round(median(ratios)),
      ratios,
      cold_seconds: round(median(rounds.map((x) => x.m.coldSeconds))),
      cold_ratio: round(median(rounds.map((x) => x.base.storeSeconds / x.m.coldSeconds))),
      messages_per_second: round(total / seconds, 1),
      peak_rss_mb: Math.max(...rounds.map((x) => x.m.peakRssMb)),
      concurrency: o.concurrency,
    };
    console.log(
      `mailroom: ${total} documents stored in ${round(seconds, 2)} s (median of ${o.rounds}; ${Math.round(total / seconds)} msg/s, worker peak RSS ${result.peak_rss_mb} MB); ` +
        `store baseline ${result.store_seconds} s (download-only ${result.download_seconds} s); ratio ${result.ratio} (rounds: ${ratios.join(", ")}); ` +
        `a cold worker's first fetch ${result.cold_seconds} s (ratio ${result.cold_ratio})`,
    );
    console.log(JSON.stringify(result));
    return result;
  } finally {
    await cleanup.run();
  }
}

/** The company's emails and documents so far. */
async function stored(tdb: TestDatabase, companyId: string): Promise<{ emails: number; documents: number }> {
  const [r] = await tdb.sql`
    select (select count(*)::int from emails where company_id = ${companyId}) as emails,
           (select count(*)::int from documents where company_id = ${companyId}) as documents`;
  return { emails: r.emails, documents: r.documents };
}

/**
 * The worker's first fetch, untimed, of the same mailboxes for another company: the baseline runs
 * in a process warmed by its earlier downloads, and a worker runs for days, so the timed fetch
 * runs warm too (compiled code, threads started). Its documents stay queued: the pipeline works
 * on them while the timed fetch runs. How long a cold worker took is printed.
 */
async function warmUp(o: Options, setup: MailroomSetup, dovecot: Dovecot, users: DovecotUser[], total: number, signal: AbortSignal, cleanup: Cleanup, workers: BenchWorker[]): Promise<number> {
  const company = await addCompany(setup, dovecot, users, "Warm-up Co");
  const started = performance.now();
  await enqueueFetches({ ...setup, ...company }, cleanup);
  await until(`the warm-up fetch`, o.timeoutMs, signal, async () => {
    await failIfExited(workers);
    const c = await stored(setup.tdb, company.companyId);
    return c.emails >= total && c.documents >= total;
  });
  const seconds = (performance.now() - started) / 1000;
  console.log(`mailroom warm-up: the worker's first fetch (cold) stored ${total} documents of another company in ${round(seconds, 2)} s; their processing goes on during the timed fetch`);
  return seconds;
}

type MailroomRun = { seconds: number; coldSeconds: number; messages: number; documents: number; peakRssMb: number };

/** The real worker on a fresh database and DATA_DIR, fetching every mailbox once. */
async function runMailroom(o: Options, dovecot: Dovecot, users: DovecotUser[], total: number, signal: AbortSignal, cleanup: Cleanup, profile: boolean): Promise<MailroomRun> {
  const t = performance.now();
  const setup = await setUpMailroom(dovecot, users, cleanup);
  const { tdb, dataDir, companyId } = setup;

  const env: Record<string, string> = {};
  let profDir: string | undefined;
  if (profile && o.cpuProfDir !== undefined) {
    profDir = path.resolve(o.cpuProfDir || (await mkdtemp(path.join(os.tmpdir(), "mailroom-bench-prof-"))));
    await mkdir(profDir, { recursive: true });
    await chmod(profDir, 0o755);
    env.NODE_OPTIONS = `${process.env.NODE_OPTIONS ?? ""} --cpu-prof --cpu-prof-dir=${profDir}`.trim();
  }
  const workers = await spawnWorkers(setup, { count: 1, concurrency: o.concurrency, env, timeoutMs: o.timeoutMs }, signal, cleanup);
  const [worker] = workers;
  const { pid, rss } = worker;
  console.log(`mailroom setup: database, 1 company, ${setup.accounts.length} accounts, worker pid ${pid} ready (${secs(t)} s)`);
  const coldSeconds = await warmUp(o, setup, dovecot, users, total, signal, cleanup, workers);

  // ------------------------------------------------------------------ timed part
  const started = performance.now();
  const startedUs = Number(process.hrtime.bigint() / 1000n);
  const cpuBefore = cpuTimes(pid);
  await enqueueFetches(setup, cleanup);
  const enqueuedMs = performance.now() - started;
  let firstDocMs: number | undefined;
  let lastReport = started;
  let counts = { emails: 0, documents: 0 };
  await until(`${total} emails and documents`, o.timeoutMs, signal, async () => {
    await failIfExited(workers);
    counts = await stored(tdb, companyId);
    const now = performance.now();
    if (firstDocMs === undefined && counts.documents > 0) firstDocMs = now - started;
    if (now - lastReport > 5000) {
      lastReport = now;
      console.log(`  ${round((now - started) / 1000, 1)} s: ${counts.emails} emails, ${counts.documents} documents, worker RSS ${rss.currentMb()} MB`);
    }
    return counts.emails >= total && counts.documents >= total;
  }, 100, async () => `${counts.emails} emails, ${counts.documents} documents; ${await jobSummary(tdb)}`);
  const seconds = (performance.now() - started) / 1000;
  const endedUs = Number(process.hrtime.bigint() / 1000n);
  const cpuAfter = cpuTimes(pid);
  // ------------------------------------------------------------------

  const peakRssMb = rss.peakMb();
  rss.stop();
  console.log(`mailroom: enqueued ${setup.accounts.length} account.fetch jobs in ${Math.round(enqueuedMs)} ms; first document after ${Math.round(firstDocMs ?? 0)} ms; done after ${round(seconds, 2)} s`);
  if (cpuBefore && cpuAfter) {
    const workerCpu = cpuAfter.process - cpuBefore.process;
    const busy = cpuAfter.machineBusy - cpuBefore.machineBusy;
    const all = cpuAfter.machineTotal - cpuBefore.machineTotal;
    console.log(
      `mailroom: worker CPU ${round(workerCpu, 2)} s over ${round(seconds, 2)} s (${Math.round((workerCpu / seconds) * 100)}% of one core); ` +
        `machine busy ${Math.round((busy / all) * 100)}% of ${os.cpus().length} cores (${round(busy, 1)} CPU s: worker, Postgres, Dovecot, this process)`,
    );
    console.log(`mailroom: worker CPU by thread: ${cpuGrowth(cpuBefore.threads, cpuAfter.threads)}`);
    console.log(`mailroom: machine CPU by program: ${cpuGrowth(cpuBefore.programs, cpuAfter.programs)}`);
  }
  console.log(`mailroom: worker peak RSS ${peakRssMb} MB (VmHWM), largest sampled VmRSS ${rss.sampledPeakMb()} MB`);

  await worker.stop();
  const check = await verify(tdb, o, total, dataDir, companyId);
  console.log(`check: ${check.emails} emails, ${check.documents} documents, ${check.attachments} attachments, ${check.files} document files, ${check.processJobs} document.process jobs; ${await jobSummary(tdb)}`);
  for (const line of await timeline(tdb, companyId, o.concurrency, seconds)) console.log(line);
  if (profDir) await reportProfile(profDir, pid, [startedUs, endedUs]);
  return { seconds, coldSeconds, messages: check.emails, documents: check.documents, peakRssMb };
}

/**
 * How the account.fetch jobs used the worker's lanes: how long each fetch ran, how long jobs
 * waited, and how many the worker started per second.
 */
async function timeline(tdb: TestDatabase, companyId: string, concurrency: number, seconds: number): Promise<string[]> {
  const runs = await tdb.sql`select extract(epoch from finished_at - started_at) * 1000 as ms from fetch_runs where company_id = ${companyId} and finished_at is not null order by 1`;
  const jobs = await tdb.sql.unsafe(`
    select extract(epoch from started_on - created_on) * 1000 as wait_ms,
           extract(epoch from completed_on - started_on) * 1000 as run_ms,
           extract(epoch from started_on - min(created_on) over ()) as started_s
    from ${BOSS_SCHEMA}.job where name = 'account.fetch' and data->>'company_id' = $1 and started_on is not null`, [companyId]);
  if (!runs.length || !jobs.length) return [];
  const ms = runs.map((r) => Number(r.ms));
  const q = (xs: number[], f: number) => xs[Math.min(xs.length - 1, Math.floor(f * xs.length))];
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  const runMs = jobs.map((j) => Number(j.run_ms)).sort((a, b) => a - b);
  const waitMs = jobs.map((j) => Number(j.wait_ms)).sort((a, b) => a - b);
  const perSecond = new Map<number, number>();
  for (const j of jobs) perSecond.set(Math.floor(Number(j.started_s)), (perSecond.get(Math.floor(Number(j.started_s))) ?? 0) + 1);
  const busy = sum(runMs) / 1000 / (concurrency * seconds);
  return [
    `fetch runs: ${ms.length}, each ${Math.round(sum(ms) / ms.length)} ms on average (p50 ${Math.round(q(ms, 0.5))}, p90 ${Math.round(q(ms, 0.9))}, max ${Math.round(ms[ms.length - 1])} ms)`,
    `account.fetch jobs: ran ${Math.round(sum(runMs) / runMs.length)} ms on average, waited ${Math.round(q(waitMs, 0.5))} ms (p50) / ${Math.round(waitMs[waitMs.length - 1])} ms (max) in the queue; ` +
      `the ${concurrency} lanes were busy ${Math.round(busy * 100)}% of the time; jobs started per second: max ${Math.max(...perSecond.values())}, mean ${round(jobs.length / (Math.max(...perSecond.keys()) + 1), 1)}`,
  ];
}

/** Exactly `total` emails and documents, none twice, every mailbox complete, every file on disk, every document queued. */
async function verify(tdb: TestDatabase, o: Options, total: number, dataDir: string, companyId: string) {
  const [e] = await tdb.sql`
    select count(*)::int as n,
           count(distinct (account_id, folder, uid_validity, uid))::int as distinct_uids,
           count(distinct raw_sha256)::int as distinct_raw,
           count(*) filter (where status <> 'stored')::int as not_stored
    from emails where company_id = ${companyId}`;
  const [d] = await tdb.sql`
    select count(*)::int as n, count(distinct sha256)::int as distinct_sha, count(distinct email_id)::int as distinct_emails
    from documents where company_id = ${companyId}`;
  const [a] = await tdb.sql`select count(*)::int as n, count(*) filter (where status <> 'document')::int as skipped from attachments where company_id = ${companyId}`;
  const perAccount = await tdb.sql`
    select a.id, count(e.id)::int as n from mail_accounts a left join emails e on e.account_id = a.id
    where a.company_id = ${companyId} group by a.id having count(e.id) <> ${o.messages}`;
  const [j] = await tdb.sql.unsafe(`select count(*)::int as n from ${BOSS_SCHEMA}.job where name = 'document.process' and data->>'company_id' = $1`, [companyId]);
  const files = await countFiles(path.join(dataDir, "files", companyId, "documents"));

  const problems: string[] = [];
  if (e.n !== total) problems.push(`${e.n} emails, expected ${total}`);
  if (e.distinct_uids !== e.n) problems.push(`${e.n - e.distinct_uids} duplicate emails by UID`);
  if (e.distinct_raw !== e.n) problems.push(`${e.n - e.distinct_raw} duplicate emails by content`);
  if (e.not_stored) problems.push(`${e.not_stored} emails not stored cleanly`);
  if (d.n !== total) problems.push(`${d.n} documents, expected ${total}`);
  if (d.distinct_sha !== d.n) problems.push(`${d.n - d.distinct_sha} duplicate documents`);
  if (d.distinct_emails !== d.n) problems.push(`documents of ${d.distinct_emails} emails for ${d.n} documents`);
  if (a.n !== total || a.skipped) problems.push(`${a.n} attachments (${a.skipped} skipped), expected ${total} documents`);
  if (perAccount.length) problems.push(`${perAccount.length} mailboxes without exactly ${o.messages} emails`);
  if (files !== total) problems.push(`${files} document files on disk, expected ${total}`);
  if (j.n !== total) problems.push(`${j.n} document.process jobs, expected ${total}`);
  if (problems.length) throw new Error(`fetch benchmark: wrong result: ${problems.join("; ")}`);
  return { emails: e.n as number, documents: d.n as number, attachments: a.n as number, files, processJobs: j.n as number };
}

async function countFiles(dir: string): Promise<number> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((x) => x.isFile() && !x.name.endsWith(".tmp")).length;
}

async function reportProfile(dir: string, pid: number, windowUs: [number, number]) {
  const files = (await readdir(dir)).filter((f) => f.endsWith(".cpuprofile") && f.includes(`.${pid}.`));
  if (!files.length) {
    console.log(`profile: no .cpuprofile for pid ${pid} in ${dir}`);
    return;
  }
  console.log(`profile (kept; open in Chrome DevTools or summarize with \`node --import tsx tests/bench/profile.ts FILE\`): ${files.map((f) => path.join(dir, f)).join(", ")}`);
  console.log("profile of the worker while it fetched (the timed part only):");
  const any = (...groups: string[]) => (g: string) => groups.includes(g);
  const categories: Category[] = [
    { name: "garbage collection", match: any("(garbage collector)") },
    { name: "MIME parse (mailparser)", match: any("mailparser", "@zone-eu/mailsplit", "libmime", "libbase64", "libqp", "lib/mail/parse.ts") },
    { name: "SQL client (postgres.js, drizzle, pg-boss)", match: any("postgres", "drizzle-orm", "pg-boss") },
    { name: "file writes (lib/storage, fs)", match: (g) => g.startsWith("lib/storage/") || g === "node:internal/fs/promises" },
    { name: "hashing (sha256; mailparser's md5)", match: any("node:internal/crypto/hash") },
    { name: "IMAP (imapflow)", match: any("imapflow") },
    { name: "zod / pino", match: any("zod", "pino") },
  ];
  for (const line of summarizeCpuProfiles(files.map((f) => path.join(dir, f)), { windowUs, top: 20, categories })) console.log(`  ${line}`);
}
