import { migrateDatabase } from "../lib/db/migrate";
import { ensureQueues } from "../lib/queue";
import { JOBS } from "../jobs";

/** Tables and job queues: every entry point runs this before it serves or works. */
export async function prepareDatabase(url: string): Promise<void> {
  try {
    await migrateDatabase(url);
    await ensureQueues(url, JOBS);
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new Error(`cannot prepare the database (${url.replace(/:[^:@/]+@/, ":***@")}): ${reason}`);
  }
}
