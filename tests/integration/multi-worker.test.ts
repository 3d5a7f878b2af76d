// Several worker processes (worker.ts, as production runs it) on one database and one Dovecot:
// no job runs twice, no mailbox is fetched by two at once, SIGTERM lets jobs in flight finish while
// the others go on, a SIGKILLed worker's job is taken over once its heartbeat lapses, and a worker
// frozen (SIGSTOP) past its fetch lease loses the mailbox and, thawed, stores nothing more.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import type { ChildProcess } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { eq, sql } from "drizzle-orm";
import { PgBoss } from "pg-boss";
import { generateKey, parseKeyring } from "@/lib/crypto/secrets";
import { BOSS_SCHEMA, enqueue } from "@/lib/queue";
import { accountFetchJob } from "@/lib/accounts/schemas";
import { fetchRuns } from "@/lib/db/schema/accounts";
import { attachments, emails } from "@/lib/db/schema/mail";
import { documents } from "@/lib/db/schema/documents";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { startDovecot, type Dovecot } from "../support/dovecot";
import { buildMessage, makePdf } from "../support/mime";
import { makeImapAccount, makeUser } from "../support/factories";
import { spawnWorkerProcess } from "../support/worker";
import { waitFor } from "../support/wait";

let tdb: TestDatabase;
let dovecot: Dovecot;
let dataDir: string;
let boss: PgBoss;
const key = generateKey();
const ring = parseKeyring(key);
const running = new Set<ChildProcess>();
let slowLink: { port: number; close(): void };

before(async () => {
  [tdb, dovecot, dataDir] = await Promise.all([createTestDatabase(), startDovecot(), mkdtemp(path.join(os.tmpdir(), "mailroom-multi-"))]);
  boss = new PgBoss({ connectionString: tdb.url, schema: BOSS_SCHEMA, supervise: false, schedule: false });
  boss.on("error", () => {});
  await boss.start();
  slowLink = await throttle(dovecot.port);
});

after(async () => {
  // A failed test may leave workers behind (stopped ones too): they must not outlive the file.
  for (const w of running) {
    w.kill("SIGCONT");
    w.kill("SIGKILL");
  }
  slowLink?.close();
  await boss?.stop({ graceful: false, close: true });
  await dovecot?.dispose();
  await tdb?.drop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

type Worker = { proc: ChildProcess; exited: Promise<number | null>; output: string[] };

/** `worker.ts` as a process of its own; one OCR worker each, so three fit in a 2-core machine's memory. */
/** `logged`: the worker logs at info, kept in `output` for a failing assertion to show. */
function spawnWorker(env: Record<string, string> = {}, logged = false): Worker {
  const proc = spawnWorkerProcess({ databaseUrl: tdb.url, dataDir, encryptionKey: key, concurrency: 2, pipeOutput: logged, env: { OCR_POOL_SIZE: "1", OCR_LANGS: "eng", ...(logged ? { LOG_LEVEL: "info" } : {}), ...env } });
  running.add(proc);
  const output: string[] = [];
  proc.stdout?.on("data", (chunk: Buffer) => output.push(...chunk.toString().split("\n").filter(Boolean)));
  const exited = new Promise<number | null>((r) => proc.once("exit", (code) => {
    running.delete(proc);
    r(code);
  }));
  return { proc, exited, output };
}

/**
 * Both workers up, then the account's fetch requested while `other` is frozen (SIGSTOP), so `worker`
 * claims it; `other` runs on (SIGCONT) as soon as the job is active. Answers the job's id.
 */
async function claimedBy(worker: Worker, other: Worker, account: { id: string; companyId: string }): Promise<string> {
  await waitFor("both workers up", async () => (await liveWorkers([worker, other])) === 2, { timeoutMs: 120_000 });
  other.proc.kill("SIGSTOP");
  try {
    await requestFetch(account);
    // Active, and its run begun (the handler reads the account before it records the run).
    return await waitFor("the fetch to be claimed and its run begun", async () => {
      const [run] = await tdb.sql`select count(*)::int as n from fetch_runs where account_id = ${account.id} and finished_at is null`;
      return run.n > 0 ? activeFetch(account.id) : undefined;
    }, { timeoutMs: 60_000, intervalMs: 20 });
  } finally {
    other.proc.kill("SIGCONT");
  }
}

/** How many of `workers` have written a heartbeat and not stopped (a worker killed by an earlier test never says it stopped). */
const liveWorkers = async (workers: Worker[]) => {
  const pids = workers.map((w) => String(w.proc.pid));
  return (await tdb.sql`select count(distinct pid)::int as n from worker_heartbeats where stopped_at is null and pid = any(${pids})`)[0].n as number;
};

async function stopAll(workers: Worker[]) {
  for (const w of workers) w.proc.kill("SIGTERM");
  return Promise.all(workers.map((w) => w.exited));
}

const count = async (q: Promise<{ n: number }[]>) => (await q)[0].n;
const storedEmails = (accountId: string) => count(tdb.db.select({ n: sql<number>`count(*)::int` }).from(emails).where(eq(emails.accountId, accountId)));

/**
 * Dovecot behind a slow link: what it sends comes through in pieces with a pause after each, so a
 * run of 100 messages lasts seconds however fast the machine is, and a test can act while it is in flight.
 */
async function throttle(port: number, pauseMs = 40) {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(port, "127.0.0.1");
    sockets.add(client).add(upstream);
    client.pipe(upstream);
    upstream.on("data", (chunk) => {
      client.write(chunk);
      upstream.pause();
      setTimeout(() => upstream.resume(), pauseMs);
    });
    const close = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    for (const s of [client, upstream]) s.on("error", close).on("close", close);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    port: (server.address() as net.AddressInfo).port,
    close() {
      for (const s of sockets) s.destroy();
      server.close();
    },
  };
}

async function mailbox(companyId: string, name: string, messages: number, padToBytes?: number, opts: { slow?: boolean } = {}) {
  await dovecot.addUser({ name, password: "pw" });
  await dovecot.fillMaildir(
    name,
    "INBOX",
    Array.from({ length: messages }, (_, i) =>
      buildMessage({ subject: `${name} invoice ${i}`, attachments: [{ filename: `${name}-${i}.pdf`, contentType: "application/pdf", content: makePdf(`${name} invoice ${i} total 1${i}.00`, { padToBytes }) }] }),
    ),
  );
  // Every fetch here is asked for by the test: the every-minute schedule would start one at a moment
  // of its own, on whichever worker polled first (once, on the worker a test was about to freeze).
  return makeImapAccount(tdb.db, ring, companyId, { email: `${name}@x.test`, username: name, host: dovecot.host, port: opts.slow ? slowLink.port : dovecot.port, password: "pw", auto_fetch: false });
}

const requestFetch = (account: { id: string; companyId: string }) =>
  enqueue(boss, accountFetchJob, { account_id: account.id, company_id: account.companyId }, { singletonKey: account.id });

/** The account's fetch job running now, if any. */
async function activeFetch(accountId: string): Promise<string | undefined> {
  const rows = await tdb.sql.unsafe(`select id from ${BOSS_SCHEMA}.job where name = $1 and singleton_key = $2 and state = 'active'`, [accountFetchJob.name, accountId]);
  return rows[0]?.id;
}

async function jobState(id: string) {
  const [row] = await tdb.sql.unsafe<{ state: string; retry_count: number }[]>(`select state, retry_count from ${BOSS_SCHEMA}.job where id = $1`, [id]);
  return row;
}

/** Pairs of one account's fetch runs whose times overlap (a run still going counts as open-ended). */
async function overlappingRuns(accountIds: string[]) {
  return tdb.sql`
    select a.account_id, a.id as first, b.id as second
    from fetch_runs a join fetch_runs b on a.account_id = b.account_id and a.id < b.id
    where a.account_id = any(${accountIds}::uuid[])
      and tstzrange(a.started_at, coalesce(a.finished_at, 'infinity')) && tstzrange(b.started_at, coalesce(b.finished_at, 'infinity'))`;
}

/** Every email of the accounts, its attachment and its document stored once. */
async function assertStoredOnce(accountIds: string[], perAccount: number) {
  for (const id of accountIds) {
    const uids = await tdb.db.select({ uid: emails.uid }).from(emails).where(eq(emails.accountId, id));
    assert.equal(uids.length, perAccount, "one email row per message");
    assert.equal(new Set(uids.map((u) => u.uid)).size, perAccount);
    const docs = await tdb.db.select({ sha: documents.sha256 }).from(documents).where(eq(documents.accountId, id));
    assert.equal(docs.length, perAccount, "one document per attachment");
    assert.equal(new Set(docs.map((d) => d.sha)).size, perAccount);
  }
  const [a] = await tdb.sql`select count(*)::int as n from attachments a join emails e on e.id = a.email_id where e.account_id = any(${accountIds}::uuid[])`;
  assert.equal(a.n, accountIds.length * perAccount, "one attachment row per attachment");
  const jobs = await tdb.sql.unsafe(
    `select d.id, count(j.id)::int as n from documents d left join ${BOSS_SCHEMA}.job j on j.name = 'document.process' and j.data->>'document_id' = d.id::text
     where d.account_id = any($1::uuid[]) group by d.id`,
    [accountIds],
  );
  assert.ok(jobs.every((j) => j.n === 1), "each document has exactly one processing job");
}

// A text-layer PDF takes seconds on a loaded 2-core machine: few documents, many mailboxes.
const PER_MAILBOX = 2;

describe("more than one worker", { concurrency: false }, () => {
  test("three workers, six mailboxes: every message stored once, every document processed once", async () => {
    const { companyId } = await makeUser(tdb.db);
    const accounts = [];
    for (let i = 0; i < 6; i++) accounts.push(await mailbox(companyId, `many${i}`, PER_MAILBOX));
    const ids = accounts.map((a) => a.id);
    const docRunsBefore = await documentRuns();

    const workers = [spawnWorker(), spawnWorker(), spawnWorker()];
    try {
      await waitFor("three workers up", async () => (await liveWorkers(workers)) === 3, { timeoutMs: 90_000 });
      // Each mailbox asked for several times, as the scheduler and people clicking "Fetch now" do.
      for (let round = 0; round < 3; round++) for (const a of accounts) await requestFetch(a);
      await boss.send("accounts.fetch-due", {});
      const all = ids.length * PER_MAILBOX;
      await waitFor(`${all} documents processed`, async () => {
        const [r] = await tdb.sql`select count(*)::int as n from documents where account_id = any(${ids}::uuid[]) and status in ('completed', 'error')`;
        return r.n === all;
      }, { timeoutMs: 240_000, intervalMs: 250 }).catch(async (err) => {
        throw new Error(`${err.message}; now: ${JSON.stringify(await progress(ids))}`);
      });
      await waitFor("no fetch or document job left", async () => {
        const [r] = await tdb.sql.unsafe(`select count(*)::int as n from ${BOSS_SCHEMA}.job where name in ('account.fetch', 'document.process') and state < 'completed'`);
        return r.n === 0;
      }, { timeoutMs: 60_000, intervalMs: 250 });
    } finally {
      assert.deepEqual(await stopAll(workers), [0, 0, 0], "each worker exits cleanly");
    }

    await assertStoredOnce(ids, PER_MAILBOX);
    const [errors] = await tdb.sql`select count(*)::int as n from documents where account_id = any(${ids}::uuid[]) and status = 'error'`;
    assert.equal(errors.n, 0);
    // Each job was claimed by one worker, once: a second claim counts as a retry.
    const claimed = await tdb.sql.unsafe(`select name, state, retry_count from ${BOSS_SCHEMA}.job where name in ('account.fetch', 'document.process')`);
    assert.ok(claimed.every((j) => j.state === "completed" && j.retry_count === 0), `every job completed at its first claim: ${JSON.stringify(claimed.filter((j) => j.state !== "completed" || j.retry_count > 0))}`);
    // The pipeline ran once per document across the three processes (the workers flush their timings as they stop).
    assert.equal((await documentRuns()) - docRunsBefore, ids.length * PER_MAILBOX, "one pipeline run per document");
    assert.deepEqual([...(await overlappingRuns(ids))], [], "no mailbox fetched by two runs at once");
  });

  test("two workers and a slow mailbox asked for again and again: its runs never overlap", async () => {
    const { companyId } = await makeUser(tdb.db);
    const total = 250;
    const slow = await mailbox(companyId, "slow", total, 20_000, { slow: true });
    const workers = [spawnWorker(), spawnWorker()];
    try {
      await waitFor("two workers up", async () => (await liveWorkers(workers)) === 2, { timeoutMs: 90_000 });
      // Runs of 100 chain one after another; meanwhile both workers are offered the mailbox over and over.
      while ((await storedEmails(slow.id)) < total) {
        await requestFetch(slow);
        await new Promise((r) => setTimeout(r, 100));
      }
      await waitFor("every run finished", async () => {
        const [r] = await tdb.sql`select count(*)::int as n from fetch_runs where account_id = ${slow.id} and finished_at is null`;
        return r.n === 0 && !(await activeFetch(slow.id));
      }, { timeoutMs: 60_000 });
    } finally {
      assert.deepEqual(await stopAll(workers), [0, 0]);
    }
    const runs = await tdb.db.select().from(fetchRuns).where(eq(fetchRuns.accountId, slow.id));
    assert.ok(runs.length >= 3, `the mailbox took ${runs.length} runs`);
    assert.ok(runs.every((r) => r.status === "ok"));
    assert.deepEqual([...(await overlappingRuns([slow.id]))], [], "no two runs of the mailbox at once");
    await assertStoredOnce([slow.id], total);
  });

  test("SIGTERM: the stopping worker finishes its fetch within WORKER_STOP_SECONDS while the other goes on", async () => {
    const { companyId } = await makeUser(tdb.db);
    const total = 150;
    const account = await mailbox(companyId, "term", total, 60_000, { slow: true });
    const [first, second] = [spawnWorker({ WORKER_STOP_SECONDS: "120" }), spawnWorker()];
    try {
      const jobId = await claimedBy(first, second, account);
      const stopAt = new Date();
      const [inFlight] = await tdb.db.select().from(fetchRuns).where(eq(fetchRuns.accountId, account.id));
      assert.equal(inFlight.finishedAt, null, "the run is in flight");
      first.proc.kill("SIGTERM");
      assert.equal(await first.exited, 0, "a clean exit");
      const job = await jobState(jobId);
      assert.equal(job.state, "completed", "the job in flight finished, not handed back");
      assert.equal(job.retry_count, 0, "and ran once");
      const [firstRun] = await tdb.db.select().from(fetchRuns).where(eq(fetchRuns.accountId, account.id)).orderBy(fetchRuns.startedAt).limit(1);
      assert.equal(firstRun.status, "ok");
      assert.equal(firstRun.messages, 100, "a whole run of 100");
      assert.ok(firstRun.finishedAt! > stopAt, "the run was still going when SIGTERM came");
      // The rest of the mailbox (the run that follows) is the second worker's.
      await waitFor(`all ${total} emails`, async () => (await storedEmails(account.id)) === total, { timeoutMs: 120_000, intervalMs: 250 });
    } finally {
      second.proc.kill("SIGTERM");
      assert.equal(await second.exited, 0);
    }
    assert.deepEqual([...(await overlappingRuns([account.id]))], []);
    await assertStoredOnce([account.id], total);
  });

  test("SIGTERM with a short grace: the stopping worker gives its fetch up in time, lease included, and the other goes on without waiting for the lease to run out", async () => {
    const { companyId } = await makeUser(tdb.db);
    const total = 150;
    const account = await mailbox(companyId, "shortgrace", total, 60_000, { slow: true });
    // A lease far longer than the test's wait: the second worker gets the mailbox only if the first gave it up.
    const lease = { FETCH_LEASE_SECONDS: "900" };
    const [first, second] = [spawnWorker({ ...lease, WORKER_STOP_SECONDS: "6" }, true), spawnWorker(lease)];
    try {
      const jobId = await claimedBy(first, second, account);
      const [held] = await tdb.sql`select holder from fetch_leases where account_id = ${account.id}`;
      assert.ok(held, "the first worker holds the lease");
      const stopAt = Date.now();
      first.proc.kill("SIGTERM");
      assert.equal(await first.exited, 0, "a clean exit");
      assert.ok(Date.now() - stopAt < 10_000, `out within its grace (${Date.now() - stopAt} ms)`);
      const [after] = await tdb.sql`select holder from fetch_leases where account_id = ${account.id}`;
      assert.notEqual(after?.holder, held.holder, `the stopped worker's lease is given up; its log:\n${first.output.join("\n")}`);
      assert.ok((await storedEmails(account.id)) < total, "stopped mid-fetch");
      assert.equal((await jobState(jobId)).state, "completed", "the job wound down inside the grace, not handed back");
      const [firstRun] = await tdb.db.select().from(fetchRuns).where(eq(fetchRuns.accountId, account.id)).orderBy(fetchRuns.startedAt).limit(1);
      assert.equal(firstRun.status, "ok", "its run ended as a run does, with what it stored");
      await waitFor(`all ${total} emails`, async () => (await storedEmails(account.id)) === total, { timeoutMs: 180_000, intervalMs: 250 });
    } finally {
      second.proc.kill("SIGTERM");
      assert.equal(await second.exited, 0);
    }
    assert.deepEqual([...(await overlappingRuns([account.id]))], []);
    await assertStoredOnce([account.id], total);
  });

  test("SIGKILL: the other worker takes the killed worker's fetch over once its heartbeat lapses", async () => {
    const { companyId } = await makeUser(tdb.db);
    const total = 150;
    const account = await mailbox(companyId, "killed", total, 60_000, { slow: true });
    const [first, second] = [spawnWorker(), spawnWorker()];
    try {
      const jobId = await claimedBy(first, second, account);
      first.proc.kill("SIGKILL");
      await first.exited;
      assert.ok((await storedEmails(account.id)) < total, "killed mid-fetch");
      // No new request: the killed job itself comes back (account.fetch: heartbeatSeconds 10, at the
      // latest its 240 s expiry) and the second worker runs it.
      await waitFor("the killed job to be run again and completed", async () => {
        const job = await jobState(jobId);
        return job.state === "completed" && job.retry_count >= 1;
      }, { timeoutMs: 300_000, intervalMs: 250 }).catch(async (err) => {
        const jobs = await tdb.sql.unsafe(`select id, state, retry_count, started_on, heartbeat_on, completed_on, output from ${BOSS_SCHEMA}.job where name = $1 and singleton_key = $2`, [accountFetchJob.name, account.id]);
        throw new Error(`${err.message}; job ${jobId}; the account's fetch jobs: ${JSON.stringify(jobs)}`);
      });
      await waitFor(`all ${total} emails`, async () => (await storedEmails(account.id)) === total, { timeoutMs: 120_000, intervalMs: 250 });
    } finally {
      second.proc.kill("SIGTERM");
      assert.equal(await second.exited, 0);
    }
    // The killed worker's run, never finished by it, ends where the next one began.
    const runs = await tdb.db.select().from(fetchRuns).where(eq(fetchRuns.accountId, account.id)).orderBy(fetchRuns.startedAt);
    assert.equal(runs[0].status, "lease_lost", JSON.stringify(runs.map((r) => r.status)));
    assert.ok(runs.every((r) => r.finishedAt !== null));
    assert.deepEqual([...(await overlappingRuns([account.id]))], []);
    await assertStoredOnce([account.id], total);
  });

  test("SIGSTOP: a worker frozen mid-fetch past its lease loses the mailbox to the other, and once thawed stores nothing more (handed over)", async () => {
    const { companyId } = await makeUser(tdb.db);
    const total = 150;
    const account = await mailbox(companyId, "frozen", total, 60_000, { slow: true });
    // A short lease, so the take-over waits on the job's heartbeat (10 s) and retry delay, not on the lease.
    const lease = { FETCH_LEASE_SECONDS: "8" };
    const [first, second] = [spawnWorker(lease), spawnWorker(lease)];
    try {
      await claimedBy(first, second, account);
      const [frozenRun] = await tdb.db.select().from(fetchRuns).where(eq(fetchRuns.accountId, account.id));
      const [held] = await tdb.sql`select holder from fetch_leases where account_id = ${account.id}`;
      assert.ok(held, "the fetching worker holds the mailbox's lease");
      first.proc.kill("SIGSTOP");
      const storedWhenFrozen = await storedEmails(account.id);
      // Its job's heartbeat lapses and pg-boss hands the job to the second worker, which takes the expired lease over and stores.
      await waitFor("the second worker to take the mailbox over and store", async () => {
        const [row] = await tdb.sql`select holder from fetch_leases where account_id = ${account.id}`;
        return row && row.holder !== held.holder && (await storedEmails(account.id)) > storedWhenFrozen;
      }, { timeoutMs: 240_000, intervalMs: 250 }).catch(async (err) => {
        const jobs = await tdb.sql.unsafe(`select id, state, retry_count, started_on, output from ${BOSS_SCHEMA}.job where name = $1 and singleton_key = $2`, [accountFetchJob.name, account.id]);
        throw new Error(`${err.message}; the account's fetch jobs: ${JSON.stringify(jobs)}`);
      });
      first.proc.kill("SIGCONT");
      await waitFor("the thawed worker's run to end as handed over", async () => {
        const [run] = await tdb.db.select().from(fetchRuns).where(eq(fetchRuns.id, frozenRun.id));
        return run.finishedAt ? run : undefined;
      }, { timeoutMs: 120_000, intervalMs: 250 });
      await waitFor(`all ${total} emails`, async () => (await storedEmails(account.id)) === total, { timeoutMs: 180_000, intervalMs: 250 });
      await waitFor("every run finished", async () => {
        const [r] = await tdb.sql`select count(*)::int as n from fetch_runs where account_id = ${account.id} and finished_at is null`;
        return r.n === 0 && !(await activeFetch(account.id));
      }, { timeoutMs: 120_000 });
    } finally {
      first.proc.kill("SIGCONT");
      assert.deepEqual(await stopAll([first, second]), [0, 0], "both workers exit cleanly");
    }
    const runs = await tdb.db.select().from(fetchRuns).where(eq(fetchRuns.accountId, account.id)).orderBy(fetchRuns.startedAt);
    assert.equal(runs[0].status, "lease_lost", `the frozen worker's run was handed over: ${JSON.stringify(runs.map((r) => [r.status, r.messages, r.error]))}`);
    assert.equal(runs[0].error, null);
    assert.ok(runs.slice(1).every((r) => r.status === "ok"), "the runs after it went through");
    assert.equal(runs.reduce((n, r) => n + r.messages, 0), total, "each message stored by exactly one run");
    await assertStoredOnce([account.id], total);
    const [left] = await tdb.sql`select count(*)::int as n from fetch_leases where account_id = ${account.id}`;
    assert.equal(left.n, 0, "the lease is given up at the end");
  });
});

/** Pipeline runs recorded in stage_timings by every worker so far. */
async function documentRuns(): Promise<number> {
  const [r] = await tdb.sql`select coalesce(sum(count), 0)::int as n from stage_timings where stage = 'document'`;
  return r.n;
}

/** Where the documents and jobs stand, for a timeout's message. */
async function progress(accountIds: string[]) {
  const docs = await tdb.sql`select status, processing_stage, count(*)::int as n from documents where account_id = any(${accountIds}::uuid[]) group by 1, 2`;
  const jobs = await tdb.sql.unsafe(`select name, state, count(*)::int as n from ${BOSS_SCHEMA}.job group by 1, 2`);
  const [mail] = await tdb.sql`select count(*)::int as n from emails where account_id = any(${accountIds}::uuid[])`;
  return { emails: mail.n, docs: [...docs], jobs: [...jobs] };
}
