import { gt, sql } from "drizzle-orm";
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

/** Database, queue schema and live workers (a heartbeat within four beats). */
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
    const since = new Date(Date.now() - HEARTBEAT_SECONDS * 4 * 1000);
    const rows = await db.select().from(workerHeartbeats).where(gt(workerHeartbeats.lastSeen, since));
    workers = rows.map((w) => ({ id: w.id, last_seen: w.lastSeen }));
    if (workers.length === 0) problems.push("no worker has reported in the last minute");
  } else queue = "error";
  return { status: problems.length ? "degraded" : "ok", db: dbOk, queue, workers, problems };
}
