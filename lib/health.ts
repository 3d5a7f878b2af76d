import { and, eq, gt, sql } from "drizzle-orm";
import type { DbOrTx } from "./db/client";
import { workerHeartbeats } from "./db/schema/system";
import { BOSS_SCHEMA } from "./queue";
import { HEARTBEAT_SECONDS } from "./worker/runtime";

export type Health = {
  status: "ok" | "degraded";
  db: "ok" | "error";
  queue: "ok" | "error";
  workers: { id: string; last_seen: Date }[];
  problems: string[];
};

/** What anyone may see: no host names, worker ids or reasons. */
export type PublicHealth = Pick<Health, "status" | "db" | "queue">;

/** A worker counts as alive when its heartbeat is at most four beats old. */
export const WORKER_ALIVE_MS = HEARTBEAT_SECONDS * 4 * 1000;

/** Database, queue schema and live workers. */
export async function checkHealth(db: DbOrTx): Promise<Health> {
  const problems: string[] = [];
  let dbOk: Health["db"] = "ok";
  let queue: Health["queue"] = "ok";
  let workers: Health["workers"] = [];
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
    const rows = await db.select().from(workerHeartbeats).where(gt(workerHeartbeats.lastSeen, new Date(Date.now() - WORKER_ALIVE_MS)));
    workers = rows.map((w) => ({ id: w.id, last_seen: w.lastSeen }));
    if (workers.length === 0) problems.push("no worker has reported in the last minute");
  } else queue = "error";
  return { status: problems.length ? "degraded" : "ok", db: dbOk, queue, workers, problems };
}

export function publicHealth(h: Health): PublicHealth {
  return { status: h.status, db: h.db, queue: h.queue };
}

/** True when a worker on this host wrote its heartbeat recently: the worker container's health check. */
export async function workerAliveOn(db: DbOrTx, hostname: string): Promise<boolean> {
  const since = new Date(Date.now() - WORKER_ALIVE_MS);
  const rows = await db.select({ id: workerHeartbeats.id }).from(workerHeartbeats).where(and(eq(workerHeartbeats.hostname, hostname), gt(workerHeartbeats.lastSeen, since))).limit(1);
  return rows.length > 0;
}
