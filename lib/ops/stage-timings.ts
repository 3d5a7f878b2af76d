import { sql } from "drizzle-orm";
import type { DbOrTx } from "../db/client";
import { stageTimings } from "../db/schema/system";

/** Bucket bounds of mailroom_stage_seconds: a text layer takes milliseconds, an OCRed scan minutes. */
export const STAGE_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, Infinity];

export type StageName = "fetch" | "ocr" | "extract" | "document";

// Observations of this process not yet written: key `${stage}\t${le}`.
const pending = new Map<string, { stage: string; le: number; count: number; sum: number }>();

/** Notes how long one stage took; the worker's heartbeat writes it to Postgres (flushStageTimings). */
export function observeStage(stage: StageName, seconds: number): void {
  const le = STAGE_BUCKETS.find((b) => seconds <= b) ?? Infinity;
  const key = `${stage}\t${le}`;
  const p = pending.get(key) ?? { stage, le, count: 0, sum: 0 };
  p.count++;
  p.sum += seconds;
  pending.set(key, p);
}

/** Times `run` as `stage`, whether it succeeds or throws. */
export async function timeStage<T>(stage: StageName, run: () => Promise<T>): Promise<T> {
  const start = performance.now();
  try {
    return await run();
  } finally {
    observeStage(stage, (performance.now() - start) / 1000);
  }
}

/** Adds what this process observed since the last flush to the shared totals. On failure it is kept for the next one. */
export async function flushStageTimings(db: DbOrTx): Promise<void> {
  if (pending.size === 0) return;
  const rows = [...pending.values()];
  pending.clear();
  try {
    await db
      .insert(stageTimings)
      .values(rows)
      .onConflictDoUpdate({ target: [stageTimings.stage, stageTimings.le], set: { count: sql`${stageTimings.count} + excluded.count`, sum: sql`${stageTimings.sum} + excluded.sum` } });
  } catch (err) {
    for (const r of rows) {
      const key = `${r.stage}\t${r.le}`;
      const p = pending.get(key) ?? { ...r, count: 0, sum: 0 };
      pending.set(key, { ...p, count: p.count + r.count, sum: p.sum + r.sum });
    }
    throw err;
  }
}

/** The shared totals: per stage, per-bucket counts and sums. */
export async function readStageTimings(db: DbOrTx) {
  return db.select().from(stageTimings);
}
