import os from "node:os";
import { randomUUID } from "node:crypto";
import type { PgBoss } from "pg-boss";
import { createDb } from "../db/client";
import { createWorkerBoss, laneSize, type JobContext, type JobDefinition, type WorkerSettings } from "../queue";
import type { Keyring } from "../crypto/secrets";
import type { Storage } from "../storage/types";
import type { Logger } from "../logger";
import { createWorkerResources } from "./resources";
import { syncSchedules } from "../schedules/sync";
import { markWorkerStopped, pruneGoneWorkers, recordHeartbeat, WORKER_HEARTBEAT_SECONDS } from "../ops/workers";
import { flushStageTimings } from "../ops/stage-timings";
import { removeStaleTempFolders } from "../mail/large-message";
import { releaseFetchLeasesHeldBy } from "../mail/fetch-lease";

export type WorkerOptions = {
  databaseUrl: string;
  jobs: JobDefinition[];
  storage: Storage;
  keyring: Keyring;
  log: Logger;
  settings: WorkerSettings;
  heartbeatSeconds?: number;
  schedules?: boolean;
  scheduleSyncSeconds?: number;
};

export type RunningWorker = { id: string; boss: PgBoss; stop(opts?: { timeoutMs?: number }): Promise<void> };

export const HEARTBEAT_SECONDS = WORKER_HEARTBEAT_SECONDS;
export const SCHEDULE_SYNC_SECONDS = 300;
const ERROR_QUIET_MS = 30_000;
const SCHEDULED_POLL_SECONDS = 2;
// How long before the stop grace ends long jobs are told to wrap up (at most half the grace).
const WIND_DOWN_MS = 5_000;

/** Starts pg-boss, registers every job and cron, and keeps a heartbeat row fresh. */
export async function startWorker(opts: WorkerOptions): Promise<RunningWorker> {
  const id = `${os.hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`;
  const log = opts.log.child({ worker: id });
  // Connections for the widest lane and the document lanes beside it, plus a few for heartbeats and maintenance.
  const connections = Math.max(...opts.jobs.map((j) => laneSize(j, opts.settings))) + laneSize({ lane: "documents" }, opts.settings) + 4;
  const handle = createDb(opts.databaseUrl, { max: connections });
  const boss = createWorkerBoss(opts.databaseUrl, connections);
  let stopped = false;
  // pg-boss errors carry its whole pool client; the message and code are what a person needs.
  // While the database is down every queue's poll fails twice a second: one line per code per 30 s.
  const quietUntil = new Map<string, { until: number; suppressed: number }>();
  boss.on("error", (err: Error & { code?: string }) => {
    if (stopped) return;
    const key = err.code ?? err.message;
    const seen = quietUntil.get(key);
    if (seen && seen.until > Date.now()) {
      seen.suppressed++;
      return;
    }
    quietUntil.set(key, { until: Date.now() + ERROR_QUIET_MS, suppressed: 0 });
    log.error({ error: err.message, code: err.code, ...(seen?.suppressed ? { repeated: seen.suppressed } : {}) }, "pg-boss error");
  });
  await boss.start();
  removeStaleTempFolders().then(
    (removed) => removed && log.info({ removed }, "removed temp folders of messages a stopped worker was streaming"),
    (err) => log.warn({ err }, "could not clean the temp folder"),
  );

  const resources = createWorkerResources(opts.settings.ocr);
  const shutdown = new AbortController();
  const startedAt = new Date();
  let inFlight = 0;
  let fetching = 0;
  const ctxFor = (jobId: string, name: string, attempt: JobContext["attempt"]): JobContext => ({
    db: handle.db,
    boss,
    storage: opts.storage,
    keyring: opts.keyring,
    log: log.child({ job: name, jobId }),
    jobId,
    attempt,
    settings: opts.settings,
    resources,
    shutdown: shutdown.signal,
  });

  // What a handler returns becomes the job's output (the Jobs page shows it); batches are one job.
  const runBatch = async (job: JobDefinition, batch: { id: string; data: unknown; retryCount: number; retryLimit: number }[]) => {
    let output: unknown;
    for (const j of batch) {
      // The last attempt may record a lasting failure instead of throwing into the void.
      const ctx = ctxFor(j.id, job.name, { retryCount: j.retryCount, final: j.retryCount >= j.retryLimit });
      inFlight++;
      if (job.lane === "fetch") fetching++;
      try {
        output = await job.handler(job.schema.parse(j.data ?? {}), ctx);
      } catch (err) {
        ctx.log.warn({ err }, "job failed");
        throw err;
      } finally {
        inFlight--;
        if (job.lane === "fetch") fetching--;
      }
    }
    return output;
  };

  for (const job of opts.jobs) {
    await boss.createQueue(job.name, job.options);
    // Scheduled jobs come at most once a minute: polling every 2 s serves them, and one lane serves a
    // job sent once per tick (every lane of every queue polling twice a second cost ~90 queries a
    // second, busy or idle). Jobs sent per company keep their lanes.
    const scheduled = job.cron !== undefined || job.companyCron !== undefined;
    const workOptions = {
      localConcurrency: 1,
      batchSize: 1,
      pollingIntervalSeconds: scheduled ? SCHEDULED_POLL_SECONDS : 0.5,
      // Fetch lanes go through a backlog of accounts at once (pg-boss's ready count, refreshed every
      // few seconds). Other lanes are woken after each job only while nothing is fetching (below):
      // bursting too, a backlog of documents and triage ran flat out beside a fetch (fetch bench,
      // pipeline busy: 350-520 triage jobs in an 11 s fetch, Postgres's CPU up by a third).
      ...(job.lane === "fetch" ? { burstWhenReadyExceeds: 1 } : {}),
      ...job.work,
      includeMetadata: true as const,
    };
    // One work() per lane, so a lane knows its own pg-boss worker: a lane that just ran a job asks
    // for the next one at once instead of sleeping out the poll (pg-boss's backlog count lags by
    // seconds, which capped a worker at two jobs a second per lane). A fetch that finds the queue
    // empty returns the lane to polling. While this worker fetches, other lanes keep the poll's
    // pace: mail coming in gets the cores first, and documents go on at a walk until it is in.
    for (let lane = 0; lane < (job.cron ? 1 : laneSize(job, opts.settings)); lane++) {
      let laneId: string | undefined;
      laneId = await boss.work(job.name, workOptions, async (batch) => {
        try {
          return await runBatch(job, batch);
        } finally {
          if (laneId && !stopped && (job.lane === "fetch" || fetching === 0)) boss.notifyWorker(laneId);
        }
      });
    }
  }

  // Schedules follow the jobs, the companies (new ones, a changed time zone) and admins' overrides: synced now and every few minutes.
  let syncTimer: NodeJS.Timeout | undefined;
  if (opts.schedules !== false) {
    const sync = () => syncSchedules(boss, handle.db, opts.jobs, { defaultTimeZone: opts.settings.timeZone, log });
    await sync();
    syncTimer = setInterval(() => void sync().catch((err) => log.warn({ err }, "schedule sync failed")), (opts.scheduleSyncSeconds ?? SCHEDULE_SYNC_SECONDS) * 1000);
    syncTimer.unref();
  }

  // The registry row (lib/ops/workers.ts) and this process's stage timings, written together.
  let beats = 0;
  const beat = async () => {
    try {
      await recordHeartbeat(handle.db, { id, jobsInFlight: inFlight, startedAt });
      await flushStageTimings(handle.db);
      if (beats++ % 360 === 0) await pruneGoneWorkers(handle.db);
    } catch (err) {
      log.warn({ err }, "heartbeat failed");
    }
  };
  await beat();
  const timer = setInterval(() => void beat(), (opts.heartbeatSeconds ?? HEARTBEAT_SECONDS) * 1000);
  timer.unref();
  log.info({ jobs: opts.jobs.length }, "worker started");

  let stopping: Promise<void> | undefined;
  return {
    id,
    boss,
    stop(stopOpts = {}) {
      stopping ??= (async () => {
        clearInterval(timer);
        clearInterval(syncTimer);
        stopped = true;
        // Graceful: stop taking work and let jobs in flight finish; near the end of the grace, tell
        // long ones (a fetch) to wrap up so they end inside it instead of being handed back.
        const graceMs = stopOpts.timeoutMs ?? 30_000;
        const windDown = setTimeout(() => shutdown.abort(), graceMs - Math.min(WIND_DOWN_MS, graceMs / 2));
        await boss.stop({ graceful: true, timeout: graceMs });
        clearTimeout(windDown);
        shutdown.abort();
        // A fetch still in flight (one long download) commits nothing once its lease is gone, and the
        // worker that runs its job next need not wait for the lease to run out.
        await releaseFetchLeasesHeldBy(handle.db).then(
          (accounts) => accounts.length && log.info({ accounts }, "gave up the fetch leases of fetches still in flight"),
          (err) => log.warn({ err }, "could not give up this worker's fetch leases: they run out by themselves"),
        );
        await resources.close();
        await flushStageTimings(handle.db).catch(() => {});
        await markWorkerStopped(handle.db, id).catch((err) => log.warn({ err }, "could not mark the worker stopped"));
        // Jobs still running now were handed back: their connections are ended at once, not
        // waited for, so the process leaves inside its grace.
        await handle.close(0);
        log.info("worker stopped");
      })();
      return stopping;
    },
  };
}
