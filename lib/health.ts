import { sql } from "drizzle-orm";
import type { DbOrTx } from "./db/client";
import { BOSS_SCHEMA } from "./queue";
import { freshestHeartbeat, liveWorkers, WORKER_SEEN_SECONDS } from "./ops/workers";

/**
 * `worker` is "missing" when no worker has beaten within WORKER_SEEN_SECONDS: nothing is fetched
 * or processed then, so the whole service counts as degraded (503), even though the web answers.
 */
export type Health = {
  status: "ok" | "degraded";
  db: "ok" | "error";
  queue: "ok" | "error";
  worker: "ok" | "missing" | "unknown";
  /** The freshest heartbeat of any worker, running or gone. */
  last_heartbeat_at: string | null;
  workers: { id: string; host: string; last_seen: Date }[];
  problems: string[];
};

/** What anyone may see: no host names, worker ids, times or reasons. */
export type PublicHealth = Pick<Health, "status" | "db" | "queue" | "worker">;

/** A worker counts as alive when it beat within the last minute. */
export const WORKER_ALIVE_MS = WORKER_SEEN_SECONDS * 1000;

/** Database, queue schema and live workers. */
export async function checkHealth(db: DbOrTx): Promise<Health> {
  const problems: string[] = [];
  let dbOk: Health["db"] = "ok";
  let queue: Health["queue"] = "ok";
  let worker: Health["worker"] = "unknown";
  let workers: Health["workers"] = [];
  let lastHeartbeat: Date | null = null;
  try {
    await db.execute(sql`select 1`);
  } catch {
    dbOk = "error";
    problems.push("the database does not answer");
  }
  if (dbOk === "ok") {
    try {
      await db.execute(sql.raw(`select 1 from ${BOSS_SCHEMA}.queue limit 1`));
    } catch {
      queue = "error";
      problems.push("the job queue schema is missing: start the worker");
    }
    const rows = await liveWorkers(db);
    workers = rows.map((w) => ({ id: w.id, host: w.hostname, last_seen: w.lastSeen }));
    lastHeartbeat = await freshestHeartbeat(db);
    worker = workers.length ? "ok" : "missing";
    if (workers.length === 0) problems.push("no worker has reported in the last minute");
  } else queue = "error";
  return { status: problems.length ? "degraded" : "ok", db: dbOk, queue, worker, last_heartbeat_at: lastHeartbeat?.toISOString() ?? null, workers, problems };
}

export function publicHealth(h: Health): PublicHealth {
  return { status: h.status, db: h.db, queue: h.queue, worker: h.worker };
}

/** True when a worker on this host wrote its heartbeat recently: the worker container's health check. */
export async function workerAliveOn(db: DbOrTx, hostname: string): Promise<boolean> {
  return (await liveWorkers(db, new Date(), hostname)).length > 0;
}
