// Benchmark "fetch": the real worker (worker.ts, its own process) fetches, stores and enqueues
// MAILBOXES x MESSAGES messages (one ~100 KB PDF each) from a throwaway Dovecot, against plain
// imapflow downloading the same messages with the same concurrency and keeping nothing.
// See /work/shared/BENCHMARKS.md. Flags:
//   --mailboxes N (100)  --messages N (20 per mailbox)  --concurrency N (5)  --pdf-bytes N (100000)
//   --baseline-runs N (2, after one warm-up)  --timeout S (300)  --cpu-prof [DIR] (profile the worker)
import type { ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { chmod, mkdir, mkdtemp, readdir, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { ImapFlow } from "imapflow";
import { PgBoss } from "pg-boss";
import { generateKey, parseKeyring } from "@/lib/crypto/secrets";
import { accountFetchJob } from "@/lib/accounts/schemas";
import { BOSS_SCHEMA, enqueue } from "@/lib/queue";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { startDovecot, type Dovecot, type DovecotUser } from "../support/dovecot";
import { buildMessage, makePdf } from "../support/mime";
import { makeImapAccount, makeUser } from "../support/factories";
import { spawnWorkerProcess } from "../support/worker";
import { intFlag, type BenchContext } from "./args";
import { summarizeCpuProfiles, type Category } from "./profile";

export const fetchBenchmark = {
  description:
    "the worker fetches, stores and enqueues N mailboxes x M messages (a ~100 KB PDF each) vs plain imapflow\n" +
    "    flags: --mailboxes 100 --messages 20 --concurrency 5 --pdf-bytes 100000 --baseline-runs 2 --timeout 300\n" +
    "           --cpu-prof [DIR]",
  run: runFetchBenchmark,
};

type Options = {
  mailboxes: number;
  messages: number;
  concurrency: number;
  pdfBytes: number;
  baselineRuns: number;
  timeoutMs: number;
  cpuProfDir?: string;
};

export type FetchResult = {
  bench: "fetch";
  documents: number;
  messages: number;
  seconds: number;
  baseline_seconds: number;
  ratio: number;
  messages_per_second: number;
  peak_rss_mb: number;
  concurrency: number;
};

const round = (n: number, digits = 3) => Math.round(n * 10 ** digits) / 10 ** digits;
const mb = (bytes: number) => round(bytes / 1024 / 1024, 1);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const FLAGS = ["mailboxes", "messages", "concurrency", "pdf-bytes", "baseline-runs", "timeout", "cpu-prof"];

function options(ctx: BenchContext): Options {
  const f = ctx.flags;
  const unknown = Object.keys(f).filter((k) => !FLAGS.includes(k));
  if (unknown.length) throw new Error(`fetch: unknown flag ${unknown.map((k) => `--${k}`).join(", ")} (known: ${FLAGS.map((k) => `--${k}`).join(" ")})`);
  const prof = f["cpu-prof"];
  return {
    mailboxes: intFlag(f, "mailboxes", 100),
    messages: intFlag(f, "messages", 20),
    concurrency: intFlag(f, "concurrency", 5),
    pdfBytes: intFlag(f, "pdf-bytes", 100_000, 0),
    baselineRuns: intFlag(f, "baseline-runs", 2),
    timeoutMs: intFlag(f, "timeout", 300) * 1000,
    cpuProfDir: prof === undefined ? undefined : prof === true ? "" : prof,
  };
}

/** Cleanup steps run in reverse order, each even when another one fails. */
class Cleanup {
  private steps: { what: string; fn: () => Promise<unknown> | unknown }[] = [];
  add(what: string, fn: () => Promise<unknown> | unknown) {
    this.steps.push({ what, fn });
  }
  async run() {
    for (const { what, fn } of this.steps.reverse()) {
      try {
        await fn();
      } catch (err) {
        console.error(`  cleanup: ${what} failed: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
    this.steps = [];
  }
}

async function runFetchBenchmark(ctx: BenchContext): Promise<FetchResult> {
  const o = options(ctx);
  const total = o.mailboxes * o.messages;
  const cleanup = new Cleanup();
  try {
    // ---------------------------------------------------------------- setup: Dovecot with the mail
    const users: DovecotUser[] = Array.from({ length: o.mailboxes }, (_, i) => ({ name: `bench${String(i + 1).padStart(3, "0")}`, password: `pw-bench-${i + 1}` }));
    const t = performance.now();
    const dovecot = await startDovecot({ users });
    cleanup.add("stop Dovecot", () => dovecot.dispose());
    let rawBytes = 0;
    for (const [i, u] of users.entries()) {
      ctx.signal.throwIfAborted();
      const raws = Array.from({ length: o.messages }, (_, j) => {
        const n = `${i + 1}-${j + 1}`;
        return buildMessage({
          from: `Vendor ${i + 1} Billing <billing@vendor${i + 1}.test>`,
          to: `${u.name}@example.test`,
          subject: `Invoice ${n}`,
          text: `Please find invoice ${n} attached.`,
          attachments: [{ filename: `invoice-${n}.pdf`, contentType: "application/pdf", content: makePdf(`Invoice ${n}\nMailroom fetch benchmark`, { padToBytes: o.pdfBytes }) }],
        });
      });
      for (const r of raws) rawBytes += Buffer.byteLength(r);
      await dovecot.fillMaildir(u.name, "INBOX", raws);
    }
    console.log(`setup: ${o.mailboxes} mailboxes x ${o.messages} messages = ${total} messages, ${mb(rawBytes)} MB, in Dovecot ${dovecot.host}:${dovecot.port} (${secs(t)} s)`);

    // ---------------------------------------------------------------- baseline: plain imapflow
    const warm = await downloadAll(dovecot, users, o.concurrency, ctx.signal);
    console.log(`baseline warm-up: ${warm.messages} messages, ${mb(warm.bytes)} MB in ${round(warm.seconds, 2)} s`);
    if (warm.messages !== total) throw new Error(`baseline saw ${warm.messages} messages, expected ${total}`);
    const runs: number[] = [];
    for (let i = 0; i < o.baselineRuns; i++) {
      const r = await downloadAll(dovecot, users, o.concurrency, ctx.signal);
      if (r.messages !== total) throw new Error(`baseline saw ${r.messages} messages, expected ${total}`);
      runs.push(r.seconds);
      console.log(`baseline run ${i + 1}: ${round(r.seconds, 3)} s (${Math.round(r.messages / r.seconds)} msg/s, ${mb(r.bytes / r.seconds)} MB/s)`);
    }
    const baselineSeconds = Math.min(...runs);

    // ---------------------------------------------------------------- Mailroom: the real worker
    const m = await runMailroom(o, dovecot, users, total, ctx.signal, cleanup);

    const result: FetchResult = {
      bench: "fetch",
      documents: m.documents,
      messages: m.messages,
      seconds: round(m.seconds),
      baseline_seconds: round(baselineSeconds),
      ratio: round(baselineSeconds / m.seconds),
      messages_per_second: round(m.messages / m.seconds, 1),
      peak_rss_mb: m.peakRssMb,
      concurrency: o.concurrency,
    };
    console.log(
      `mailroom: ${m.messages} messages, ${m.documents} documents in ${round(m.seconds, 2)} s ` +
        `(${Math.round(m.messages / m.seconds)} msg/s, peak RSS ${m.peakRssMb} MB); baseline ${round(baselineSeconds, 2)} s; ratio ${result.ratio}`,
    );
    console.log(JSON.stringify(result));
    return result;
  } finally {
    await cleanup.run();
  }
}

function secs(since: number): number {
  return round((performance.now() - since) / 1000, 1);
}

/** Downloads every message of every mailbox (full source), `concurrency` mailboxes at a time, counting bytes only. */
async function downloadAll(dovecot: Dovecot, users: DovecotUser[], concurrency: number, signal: AbortSignal) {
  let next = 0;
  let messages = 0;
  let bytes = 0;
  const started = performance.now();
  const lane = async () => {
    while (next < users.length) {
      signal.throwIfAborted();
      const u = users[next++];
      const client = new ImapFlow({
        host: dovecot.host,
        port: dovecot.port,
        secure: false,
        doSTARTTLS: false,
        auth: { user: u.name, pass: u.password },
        logger: false,
        disableAutoIdle: true,
      });
      client.on("error", () => {});
      await client.connect();
      try {
        await client.mailboxOpen("INBOX", { readOnly: true });
        for await (const msg of client.fetch("1:*", { uid: true, source: true })) {
          messages++;
          bytes += msg.source?.length ?? 0;
        }
      } finally {
        await client.logout().catch(() => client.close());
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, users.length) }, lane));
  return { seconds: (performance.now() - started) / 1000, messages, bytes };
}

async function runMailroom(o: Options, dovecot: Dovecot, users: DovecotUser[], total: number, signal: AbortSignal, cleanup: Cleanup) {
  let t = performance.now();
  const tdb: TestDatabase = await createTestDatabase();
  cleanup.add("drop the test database", () => tdb.drop());
  const key = generateKey();
  const ring = parseKeyring(key);
  const { companyId } = await makeUser(tdb.db, { company: "Bench Co" });
  const accounts: { id: string }[] = [];
  for (const u of users) {
    accounts.push(
      await makeImapAccount(tdb.db, ring, companyId, {
        email: `${u.name}@example.test`,
        username: u.name,
        host: dovecot.host,
        port: dovecot.port,
        password: u.password,
        security: "none",
      }),
    );
  }
  const dataDir = await mkdtemp(path.join(os.tmpdir(), "mailroom-bench-data-"));
  cleanup.add("remove the worker's DATA_DIR", () => rm(dataDir, { recursive: true, force: true }));

  const env: Record<string, string> = {};
  let profDir: string | undefined;
  if (o.cpuProfDir !== undefined) {
    profDir = path.resolve(o.cpuProfDir || (await mkdtemp(path.join(os.tmpdir(), "mailroom-bench-prof-"))));
    await mkdir(profDir, { recursive: true });
    await chmod(profDir, 0o755);
    env.NODE_OPTIONS = `${process.env.NODE_OPTIONS ?? ""} --cpu-prof --cpu-prof-dir=${profDir}`.trim();
  }
  const worker = spawnWorkerProcess({ databaseUrl: tdb.url, dataDir, encryptionKey: key, concurrency: o.concurrency, env });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => worker.once("exit", (code, sig) => resolve({ code, signal: sig })));
  let workerDone = false;
  void exited.then(() => (workerDone = true));
  cleanup.add("stop the worker", () => stopWorker(worker, exited, () => workerDone));
  const pid = worker.pid!;

  // The worker writes its heartbeat row once every job is registered: from then on it takes work.
  await until("the worker to start", o.timeoutMs, signal, async () => {
    if (workerDone) throw new Error(`the worker exited during start-up (${JSON.stringify(await exited)})`);
    const [r] = await tdb.sql`select count(*)::int as n from worker_heartbeats`;
    return r.n > 0;
  });
  console.log(`mailroom setup: database, 1 company, ${accounts.length} accounts, worker pid ${pid} ready (${secs(t)} s)`);

  const boss = new PgBoss({ connectionString: tdb.url, schema: BOSS_SCHEMA, supervise: false, schedule: false, max: 5 });
  boss.on("error", () => {});
  await boss.start();
  cleanup.add("stop the sending pg-boss", () => boss.stop({ graceful: false, close: true }));

  const rss = rssSampler(pid);
  cleanup.add("stop the RSS sampler", () => rss.stop());

  // ------------------------------------------------------------------ timed part
  const started = performance.now();
  const startedUs = Number(process.hrtime.bigint() / 1000n);
  const cpuBefore = cpuTimes(pid);
  await Promise.all(accounts.map((a) => enqueue(boss, accountFetchJob, { account_id: a.id, company_id: companyId }, { singletonKey: a.id })));
  const enqueuedMs = performance.now() - started;
  let firstDocMs: number | undefined;
  let lastReport = started;
  let counts = { emails: 0, documents: 0 };
  await until(`${total} emails and documents`, o.timeoutMs, signal, async () => {
    if (workerDone) throw new Error(`the worker exited (${JSON.stringify(await exited)})`);
    const [r] = await tdb.sql`select (select count(*)::int from emails) as emails, (select count(*)::int from documents) as documents`;
    counts = { emails: r.emails, documents: r.documents };
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
  console.log(`mailroom: enqueued ${accounts.length} account.fetch jobs in ${Math.round(enqueuedMs)} ms; first document after ${Math.round(firstDocMs ?? 0)} ms; done after ${round(seconds, 2)} s`);
  if (cpuBefore && cpuAfter) {
    const worker = cpuAfter.process - cpuBefore.process;
    const busy = cpuAfter.machineBusy - cpuBefore.machineBusy;
    const all = cpuAfter.machineTotal - cpuBefore.machineTotal;
    console.log(
      `mailroom: worker CPU ${round(worker, 2)} s over ${round(seconds, 2)} s (${Math.round((worker / seconds) * 100)}% of one core); ` +
        `machine busy ${Math.round((busy / all) * 100)}% of ${os.cpus().length} cores (${round(busy, 1)} CPU s: worker, Postgres, Dovecot, this process)`,
    );
  }
  console.log(`mailroom: worker peak RSS ${peakRssMb} MB (VmHWM), largest sampled VmRSS ${rss.sampledPeakMb()} MB`);

  await stopWorker(worker, exited, () => workerDone);
  const check = await verify(tdb, o, total, dataDir, companyId);
  console.log(`check: ${check.emails} emails, ${check.documents} documents, ${check.attachments} attachments, ${check.files} document files, ${check.processJobs} document.process jobs; ${await jobSummary(tdb)}`);
  for (const line of await timeline(tdb, o.concurrency, seconds)) console.log(line);
  if (profDir) await reportProfile(profDir, pid, [startedUs, endedUs]);
  return { seconds, messages: check.emails, documents: check.documents, peakRssMb };
}

/** Polls `check` every `intervalMs` until it returns true; throws after `timeoutMs` or on abort. */
async function until(what: string, timeoutMs: number, signal: AbortSignal, check: () => Promise<boolean>, intervalMs = 100, describe?: () => Promise<string>) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    signal.throwIfAborted();
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}${describe ? ` (${await describe()})` : ""}`);
    await sleep(intervalMs);
  }
}

/** SIGTERM (graceful: jobs in flight finish), then SIGKILL if it has not exited within 60 s. */
async function stopWorker(worker: ChildProcess, exited: Promise<unknown>, done: () => boolean) {
  if (done()) return;
  worker.kill("SIGTERM");
  const timer = setTimeout(() => worker.kill("SIGKILL"), 60_000);
  try {
    await exited;
  } finally {
    clearTimeout(timer);
  }
}

/** Samples /proc/<pid>/status every 100 ms; VmHWM is the kernel's own high-water mark for the process. */
function rssSampler(pid: number) {
  const read = () => {
    try {
      const status = readFileSync(`/proc/${pid}/status`, "utf8");
      const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? 0);
      return { rss: kb("VmRSS") * 1024, hwm: kb("VmHWM") * 1024 };
    } catch {
      return undefined; // process gone
    }
  };
  let current = 0;
  let sampled = 0;
  let hwm = 0;
  const sample = () => {
    const s = read();
    if (!s) return;
    current = s.rss;
    sampled = Math.max(sampled, s.rss);
    hwm = Math.max(hwm, s.hwm);
  };
  sample();
  const timer = setInterval(sample, 100);
  return {
    currentMb: () => mb(current),
    sampledPeakMb: () => mb(sampled),
    peakMb: () => {
      sample();
      return mb(Math.max(hwm, sampled));
    },
    stop: () => clearInterval(timer),
  };
}

/** CPU seconds used so far by one process (user + system) and by the whole machine. */
function cpuTimes(pid: number): { process: number; machineBusy: number; machineTotal: number } | undefined {
  try {
    const tick = 100; // USER_HZ on Linux
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const proc = (Number(fields[11]) + Number(fields[12])) / tick; // utime, stime
    const cpu = readFileSync("/proc/stat", "utf8").split("\n")[0].trim().split(/\s+/).slice(1).map(Number);
    const total = cpu.reduce((a, b) => a + b, 0) / tick;
    const idle = (cpu[3] + (cpu[4] ?? 0)) / tick; // idle + iowait
    return { process: proc, machineBusy: total - idle, machineTotal: total };
  } catch {
    return undefined;
  }
}

async function jobSummary(tdb: TestDatabase): Promise<string> {
  const rows = await tdb.sql.unsafe(`select name, state, count(*)::int as n from ${BOSS_SCHEMA}.job group by 1, 2 order by 1, 2`);
  const failedRuns = await tdb.sql`select count(*)::int as n from fetch_runs where status = 'error'`;
  return `jobs: ${rows.map((r) => `${r.name}/${r.state}=${r.n}`).join(", ") || "none"}; failed fetch runs: ${failedRuns[0].n}`;
}

/**
 * How the account.fetch jobs used the worker's lanes: how long each fetch ran, how long jobs
 * waited, and how many the worker started per second.
 */
async function timeline(tdb: TestDatabase, concurrency: number, seconds: number): Promise<string[]> {
  const runs = await tdb.sql`select extract(epoch from finished_at - started_at) * 1000 as ms from fetch_runs where finished_at is not null order by 1`;
  const jobs = await tdb.sql.unsafe(`
    select extract(epoch from started_on - created_on) * 1000 as wait_ms,
           extract(epoch from completed_on - started_on) * 1000 as run_ms,
           extract(epoch from started_on - min(created_on) over ()) as started_s
    from ${BOSS_SCHEMA}.job where name = 'account.fetch' and started_on is not null`);
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
    from emails`;
  const [d] = await tdb.sql`
    select count(*)::int as n, count(distinct sha256)::int as distinct_sha, count(distinct email_id)::int as distinct_emails
    from documents`;
  const [a] = await tdb.sql`select count(*)::int as n, count(*) filter (where status <> 'document')::int as skipped from attachments`;
  const perAccount = await tdb.sql`
    select a.id, count(e.id)::int as n from mail_accounts a left join emails e on e.account_id = a.id group by a.id having count(e.id) <> ${o.messages}`;
  const [j] = await tdb.sql.unsafe(`select count(*)::int as n from ${BOSS_SCHEMA}.job where name = 'document.process'`);
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
