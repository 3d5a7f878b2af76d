import type { DbOrTx } from "../db/client";
import { cleanupRuns } from "../db/schema/system";

/** Leaves a row saying what a clean-up removed; a run that removed nothing leaves none. */
export async function recordCleanup(db: DbOrTx, job: string, companyId: string | null, removed: Record<string, number>): Promise<void> {
  if (Object.values(removed).every((n) => n === 0)) return;
  await db.insert(cleanupRuns).values({ job, companyId, removed });
}
