// What the mail benchmarks (fetch, pipeline, workers) share: a Dovecot filled with mail, the
// "store" baseline (plain imapflow + Mailroom's MIME parser + sha256 + files, no database), a
// throwaway database with one IMAP account per mailbox, real worker processes (worker.ts) with
// their peak RSS sampled, and the polling and cleanup around them.
import type { ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { ImapFlow } from "imapflow";
import { PgBoss } from "pg-boss";
import { generateKey, parseKeyring } from "@/lib/crypto/secrets";
import { accountFetchJob } from "@/lib/accounts/schemas";
import { parseMessage } from "@/lib/mail/parse";
import { BOSS_SCHEMA, enqueue } from "@/lib/queue";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { startDovecot, type Dovecot, type DovecotUser } from "../support/dovecot";
import { makeImapAccount, makeUser } from "../support/factories";
import { spawnWorkerProcess } from "../support/worker";

export const round = (n: number, digits = 3) => Math.round(n * 10 ** digits) / 10 ** digits;
export const mb = (bytes: number) => round(bytes / 1024 / 1024, 1);
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Seconds since a performance.now() reading, to one decimal. */
export function secs(since: number): number {
  return round((performance.now() - since) / 1000, 1);
}

/** Rejects flags the benchmark does not know, naming the ones it does. */
export function checkFlags(bench: string, flags: Record<string, unknown>, known: string[]) {
  const unknown = Object.keys(flags).filter((k) => !known.includes(k));
  if (unknown.length) throw new Error(`${bench}: unknown flag ${unknown.map((k) => `--${k}`).join(", ")} (known: ${known.map((k) => `--${k}`).join(" ")})`);
}

/** Cleanup steps run in reverse order, each even when another one fails. */
export class Cleanup {
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

/** Polls `check` every `intervalMs` until it returns true; throws after `timeoutMs` or on abort. */
export async function until(what: string, timeoutMs: number, signal: AbortSignal, check: () => Promise<boolean>, intervalMs = 100, describe?: () => Promise<string>) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    signal.throwIfAborted();
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}${describe ? ` (${await describe()})` : ""}`);
    await sleep(intervalMs);
  }
}

// ------------------------------------------------------------------------------------ mailboxes

/** A Dovecot with `mailboxes` users, each INBOX holding the messages `message(mailbox, n)` builds. */
export async function fillDovecot(
  o: { mailboxes: number; perMailbox: (mailbox: number) => number; message: (user: DovecotUser, mailbox: number, n: number) => string | Buffer | Promise<string | Buffer> },
  signal: AbortSignal,
  cleanup: Cleanup,
): Promise<{ dovecot: Dovecot; users: DovecotUser[]; messages: number; bytes: number }> {
  const users: DovecotUser[] = Array.from({ length: o.mailboxes }, (_, i) => ({ name: `bench${String(i + 1).padStart(3, "0")}`, password: `pw-bench-${i + 1}` }));
  const dovecot = await startDovecot({ users });
  cleanup.add("stop Dovecot", () => dovecot.dispose());
  let bytes = 0;
  let messages = 0;
  for (const [i, u] of users.entries()) {
    signal.throwIfAborted();
    const raws: (string | Buffer)[] = [];
    for (let j = 0; j < o.perMailbox(i); j++) raws.push(await o.message(u, i, j));
    for (const r of raws) bytes += Buffer.byteLength(r);
    messages += raws.length;
    await dovecot.fillMaildir(u.name, "INBOX", raws);
  }
  return { dovecot, users, messages, bytes };
}

export type DownloadResult = { seconds: number; messages: number; bytes: number; attachments: number };

/**
 * Every message of every mailbox (full source), `concurrency` mailboxes at a time. Without
 * `store`, bytes are only counted (download-only). With it, the "store" baseline: each message is
 * parsed with Mailroom's own MIME parser (lib/mail/parse.ts, mailparser's simpleParser), the
 * message and each attachment hashed (sha256) and written to `store` — what any correct fetcher
 * does, without a database. Parsing overlaps the next downloads of the same mailbox, as it would
 * in a fetcher written for speed.
 */
export async function downloadAll(dovecot: Dovecot, users: DovecotUser[], concurrency: number, signal: AbortSignal, store?: string): Promise<DownloadResult> {
  let next = 0;
  let messages = 0;
  let bytes = 0;
  let attachments = 0;
  const keep = async (raw: Buffer) => {
    const parsed = await parseMessage(raw);
    const files = [raw, ...parsed.parts.map((p) => p.content)];
    attachments += parsed.parts.length;
    await Promise.all(files.map((content) => writeFile(path.join(store!, createHash("sha256").update(content).digest("hex")), content)));
  };
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
      const stored: Promise<void>[] = [];
      try {
        await client.mailboxOpen("INBOX", { readOnly: true });
        for await (const msg of client.fetch("1:*", { uid: true, source: true })) {
          messages++;
          bytes += msg.source?.length ?? 0;
          if (store && msg.source) stored.push(keep(msg.source));
        }
        await Promise.all(stored);
      } finally {
        await client.logout().catch(() => client.close());
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, users.length) }, lane));
  return { seconds: (performance.now() - started) / 1000, messages, bytes, attachments };
}

export type Baselines = { downloadSeconds: number; storeSeconds: number };

/** One warm-up download, so the first measured run does not pay for Dovecot's cold caches. */
export async function warmUpDownloads(dovecot: Dovecot, users: DovecotUser[], expected: number, concurrency: number, signal: AbortSignal): Promise<void> {
  const warm = checkCount(await downloadAll(dovecot, users, concurrency, signal), expected);
  console.log(`baseline warm-up: ${warm.messages} messages, ${mb(warm.bytes)} MB in ${round(warm.seconds, 2)} s`);
}

/**
 * Download-only then store, once each, with what the store run cost by thread and by program;
 * the store run writes into a fresh temp dir, removed afterwards.
 */
export async function measureBaselineOnce(dovecot: Dovecot, users: DovecotUser[], expected: number, concurrency: number, signal: AbortSignal, label: string): Promise<Baselines> {
  const d = checkCount(await downloadAll(dovecot, users, concurrency, signal), expected);
  const dir = await mkdtemp(path.join(os.tmpdir(), "mailroom-bench-store-"));
  try {
    const before = cpuTimes(process.pid);
    const s = checkCount(await downloadAll(dovecot, users, concurrency, signal, dir), expected);
    const after = cpuTimes(process.pid);
    console.log(
      `${label}: download-only ${round(d.seconds, 2)} s (${Math.round(d.messages / d.seconds)} msg/s, ${mb(d.bytes / d.seconds)} MB/s); ` +
        `store ${round(s.seconds, 2)} s (${Math.round(s.messages / s.seconds)} msg/s, ${s.attachments} attachments parsed, hashed and written)`,
    );
    if (before && after) console.log(`  store CPU ${round(after.process - before.process, 2)} s by thread: ${cpuGrowth(before.threads, after.threads)}; machine by program: ${cpuGrowth(before.programs, after.programs)}`);
    return { downloadSeconds: d.seconds, storeSeconds: s.seconds };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** After one warm-up, download-only and store `runs` times each (alternating), the best of each kept. */
export async function measureBaselines(dovecot: Dovecot, users: DovecotUser[], expected: number, o: { concurrency: number; runs: number }, signal: AbortSignal): Promise<Baselines> {
  await warmUpDownloads(dovecot, users, expected, o.concurrency, signal);
  let downloadSeconds = Infinity;
  let storeSeconds = Infinity;
  for (let i = 1; i <= o.runs; i++) {
    const r = await measureBaselineOnce(dovecot, users, expected, o.concurrency, signal, `baseline run ${i}`);
    downloadSeconds = Math.min(downloadSeconds, r.downloadSeconds);
    storeSeconds = Math.min(storeSeconds, r.storeSeconds);
  }
  return { downloadSeconds, storeSeconds };
}

function checkCount(r: DownloadResult, expected: number): DownloadResult {
  if (r.messages !== expected) throw new Error(`baseline saw ${r.messages} messages, expected ${expected}`);
  return r;
}

/** The middle value (the mean of the two middle ones for an even count). */
export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

// ------------------------------------------------------------------------------------ Mailroom

export type BenchCompany = { companyId: string; accounts: { id: string }[] };
export type MailroomSetup = BenchCompany & { tdb: TestDatabase; key: string; dataDir: string };

/** A migrated throwaway database with one company and one IMAP account per Dovecot user, and a DATA_DIR. */
export async function setUpMailroom(dovecot: Dovecot, users: DovecotUser[], cleanup: Cleanup): Promise<MailroomSetup> {
  const tdb = await createTestDatabase();
  cleanup.add("drop the test database", () => tdb.drop());
  const key = generateKey();
  const company = await addCompany({ tdb, key }, dovecot, users, "Bench Co");
  const dataDir = await mkdtemp(path.join(os.tmpdir(), "mailroom-bench-data-"));
  cleanup.add("remove the worker's DATA_DIR", () => rm(dataDir, { recursive: true, force: true }));
  return { tdb, key, dataDir, ...company };
}

/** Another company on the setup's database, with its own IMAP account for each Dovecot user. */
export async function addCompany(m: Pick<MailroomSetup, "tdb" | "key">, dovecot: Dovecot, users: DovecotUser[], name: string): Promise<BenchCompany> {
  const ring = parseKeyring(m.key);
  const { companyId } = await makeUser(m.tdb.db, { company: name });
  const accounts: { id: string }[] = [];
  for (const u of users) {
    accounts.push(
      await makeImapAccount(m.tdb.db, ring, companyId, {
        email: `${u.name}@example.test`,
        username: u.name,
        host: dovecot.host,
        port: dovecot.port,
        password: u.password,
        security: "none",
      }),
    );
  }
  return { companyId, accounts };
}

export type BenchWorker = {
  pid: number;
  rss: RssSampler;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  done(): boolean;
  stop(): Promise<void>;
};

/**
 * `count` worker.ts processes on the setup's database, each with `env` added; resolves once each
 * has written its heartbeat row (written after every job is registered: from then on it takes work).
 */
export async function spawnWorkers(
  m: MailroomSetup,
  o: { count: number; concurrency: number; env?: Record<string, string>; timeoutMs: number },
  signal: AbortSignal,
  cleanup: Cleanup,
): Promise<BenchWorker[]> {
  const workers: BenchWorker[] = [];
  for (let i = 0; i < o.count; i++) {
    const proc = spawnWorkerProcess({ databaseUrl: m.tdb.url, dataDir: m.dataDir, encryptionKey: m.key, concurrency: o.concurrency, env: o.env });
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => proc.once("exit", (code, sig) => resolve({ code, signal: sig })));
    let finished = false;
    void exited.then(() => (finished = true));
    const rss = rssSampler(proc.pid!);
    const w: BenchWorker = { pid: proc.pid!, rss, exited, done: () => finished, stop: () => stopWorker(proc, exited, () => finished) };
    cleanup.add(`stop worker ${w.pid}`, () => w.stop());
    cleanup.add(`stop the RSS sampler of ${w.pid}`, () => rss.stop());
    workers.push(w);
  }
  await until(`${o.count} worker(s) to start`, o.timeoutMs, signal, async () => {
    await failIfExited(workers, "during start-up");
    const [r] = await m.tdb.sql`select count(*)::int as n from worker_heartbeats`;
    return r.n >= o.count;
  });
  return workers;
}

/** Throws when a worker has exited: the benchmark would otherwise wait for its timeout. */
export async function failIfExited(workers: BenchWorker[], when = "") {
  const gone = workers.find((w) => w.done());
  if (gone) throw new Error(`worker ${gone.pid} exited ${when} (${JSON.stringify(await gone.exited)})`.replace("  ", " "));
}

/** One account.fetch job per account, as the scheduler sends them; the sending pg-boss is stopped at cleanup. */
export async function enqueueFetches(m: Pick<MailroomSetup, "tdb"> & BenchCompany, cleanup: Cleanup) {
  const boss = new PgBoss({ connectionString: m.tdb.url, schema: BOSS_SCHEMA, supervise: false, schedule: false, max: 5 });
  boss.on("error", () => {});
  await boss.start();
  cleanup.add("stop the sending pg-boss", () => boss.stop({ graceful: false, close: true }));
  await Promise.all(m.accounts.map((a) => enqueue(boss, accountFetchJob, { account_id: a.id, company_id: m.companyId }, { singletonKey: a.id })));
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

export type RssSampler = ReturnType<typeof rssSampler>;

/** Samples /proc/<pid>/status every 100 ms; VmHWM is the kernel's own high-water mark for the process. */
export function rssSampler(pid: number) {
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
/**
 * CPU seconds so far: the process's, its threads' (the main one, each other Node thread by its id,
 * libuv's pool by name), every program on the machine by name (Postgres, Dovecot), and the
 * machine's busy and total time.
 */
export function cpuTimes(pid: number): { process: number; threads: Map<string, number>; programs: Map<string, number>; machineBusy: number; machineTotal: number } | undefined {
  try {
    const proc = statCpu(`/proc/${pid}/stat`)!.seconds;
    const threads = new Map<string, number>();
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      const t = statCpu(`/proc/${pid}/task/${tid}/stat`);
      // Node's own threads all share the process's name: each is told apart by its id, the main one by being the process.
      const name = tid === String(pid) ? "main" : t?.name === "node" ? `thread ${tid}` : t?.name;
      if (t && name) threads.set(name, (threads.get(name) ?? 0) + t.seconds);
    }
    const programs = new Map<string, number>();
    for (const p of readdirSync("/proc")) {
      if (!/^\d+$/.test(p)) continue;
      const t = statCpu(`/proc/${p}/stat`);
      if (t) programs.set(t.name, (programs.get(t.name) ?? 0) + t.seconds);
    }
    const cpu = readFileSync("/proc/stat", "utf8").split("\n")[0].trim().split(/\s+/).slice(1).map(Number);
    const total = cpu.reduce((a, b) => a + b, 0) / USER_HZ;
    const idle = (cpu[3] + (cpu[4] ?? 0)) / USER_HZ; // idle + iowait
    return { process: proc, threads, programs, machineBusy: total - idle, machineTotal: total };
  } catch {
    return undefined;
  }
}

const USER_HZ = 100;

/** A /proc stat file's name and utime + stime in seconds; undefined once the process or thread is gone. */
function statCpu(file: string): { name: string; seconds: number } | undefined {
  let stat: string;
  try {
    stat = readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return { name: stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")")), seconds: (Number(fields[11]) + Number(fields[12])) / USER_HZ };
}

/** "name 1.2 s, other 0.8 s": what grew between two readings, largest first, above 0.05 s. */
export function cpuGrowth(before: Map<string, number>, after: Map<string, number>): string {
  return [...after]
    .map(([name, s]) => [name, s - (before.get(name) ?? 0)] as const)
    .filter(([, s]) => s >= 0.05)
    .sort((a, b) => b[1] - a[1])
    .map(([name, s]) => `${name} ${round(s, 2)} s`)
    .join(", ");
}

export async function jobSummary(tdb: TestDatabase): Promise<string> {
  const rows = await tdb.sql.unsafe(`select name, state, count(*)::int as n from ${BOSS_SCHEMA}.job group by 1, 2 order by 1, 2`);
  const failed = await tdb.sql`select error_code, error, count(*)::int as n from fetch_runs where status = 'error' group by 1, 2 order by 3 desc`;
  const runs = failed.reduce((n, r) => n + r.n, 0);
  const why = failed.map((r) => `${r.n} x ${r.error_code}: ${r.error}`).join("; ");
  return `jobs: ${rows.map((r) => `${r.name}/${r.state}=${r.n}`).join(", ") || "none"}; failed fetch runs: ${runs}${why ? ` (${why})` : ""}`;
}
