import os from "node:os";
import { and, desc, eq, gt, isNull, lt, sql } from "drizzle-orm";
import type { DbOrTx } from "../db/client";
import { workerHeartbeats } from "../db/schema/system";
import pkg from "../../package.json";

/** How often a worker writes its row. */
export const WORKER_HEARTBEAT_SECONDS = 10;
/** A worker not heard from for this long counts as gone (health 503, the Workers page's warning). */
export const WORKER_SEEN_SECONDS = 60;
// Rows of workers gone this long are removed, so restarts do not pile up rows forever.
const KEEP_GONE_DAYS = 7;

export const APP_VERSION: string = pkg.version;

export type WorkerBeat = { id: string; jobsInFlight: number; rssBytes?: number; startedAt?: Date };

export type WorkerRow = {
  id: string;
  host: string;
  pid: number;
  version: string | null;
  started_at: string;
  last_heartbeat_at: string;
  jobs_in_flight: number;
  rss_bytes: number;
  stopped_at: string | null;
  state: "running" | "missing" | "stopped";
};

/** Upserts this process's row: host, pid, version, jobs in flight and memory, stamped now. */
export async function recordHeartbeat(db: DbOrTx, beat: WorkerBeat, now = new Date()): Promise<void> {
  const values = {
    jobsInFlight: beat.jobsInFlight,
    rssBytes: beat.rssBytes ?? process.memoryUsage.rss(),
    lastSeen: now,
    version: APP_VERSION,
    stoppedAt: null,
  };
  await db
    .insert(workerHeartbeats)
    .values({ id: beat.id, hostname: os.hostname(), pid: String(process.pid), startedAt: beat.startedAt ?? now, ...values })
    .onConflictDoUpdate({ target: workerHeartbeats.id, set: values });
}

/** A graceful exit says so, and the row stays for the Workers page. */
export async function markWorkerStopped(db: DbOrTx, id: string, now = new Date()): Promise<void> {
  await db.update(workerHeartbeats).set({ stoppedAt: now, jobsInFlight: 0, lastSeen: now }).where(eq(workerHeartbeats.id, id));
}

/** Removes rows of workers stopped or silent for a week. */
export async function pruneGoneWorkers(db: DbOrTx, now = new Date()): Promise<void> {
  const before = new Date(now.getTime() - KEEP_GONE_DAYS * 86_400_000);
  await db.delete(workerHeartbeats).where(lt(workerHeartbeats.lastSeen, before));
}

/** Every known worker, running ones first, newest heartbeat first. */
export async function listWorkers(db: DbOrTx, now = new Date()): Promise<WorkerRow[]> {
  const rows = await db.select().from(workerHeartbeats).orderBy(sql`${workerHeartbeats.stoppedAt} is not null`, desc(workerHeartbeats.lastSeen)).limit(200);
  return rows.map((r) => ({
    id: r.id,
    host: r.hostname,
    pid: Number(r.pid),
    version: r.version,
    started_at: r.startedAt.toISOString(),
    last_heartbeat_at: r.lastSeen.toISOString(),
    jobs_in_flight: r.jobsInFlight,
    rss_bytes: r.rssBytes,
    stopped_at: r.stoppedAt?.toISOString() ?? null,
    state: r.stoppedAt ? "stopped" : isFresh(r.lastSeen, now) ? "running" : "missing",
  }));
}

/** Workers that are running now: not stopped, heard from within WORKER_SEEN_SECONDS. */
export async function liveWorkers(db: DbOrTx, now = new Date(), hostname?: string) {
  return db
    .select()
    .from(workerHeartbeats)
    .where(and(isNull(workerHeartbeats.stoppedAt), gt(workerHeartbeats.lastSeen, seenSince(now)), hostname ? eq(workerHeartbeats.hostname, hostname) : undefined))
    .orderBy(desc(workerHeartbeats.lastSeen));
}

/** The newest heartbeat of any worker (a stopped one's last), or null when none ever beat. */
export async function freshestHeartbeat(db: DbOrTx): Promise<Date | null> {
  const [row] = await db
    .select({ at: workerHeartbeats.lastSeen })
    .from(workerHeartbeats)
    .orderBy(desc(workerHeartbeats.lastSeen))
    .limit(1);
  return row?.at ?? null;
}

const seenSince = (now: Date) => new Date(now.getTime() - WORKER_SEEN_SECONDS * 1000);
const isFresh = (at: Date, now: Date) => at.getTime() > seenSince(now).getTime();
