import path from "node:path";
import { migrate } from "drizzle-orm/postgres-js/migrator";
import { createDb } from "./client";

export const MIGRATIONS_FOLDER = path.join(process.cwd(), "drizzle");

/** Applies pending migrations; safe to run from several processes at once (drizzle takes a lock per migration table). */
export async function migrateDatabase(url: string): Promise<void> {
  const handle = createDb(url, { max: 1 });
  try {
    await handle.sql`select pg_advisory_lock(727274)`;
    await migrate(handle.db, { migrationsFolder: MIGRATIONS_FOLDER });
  } finally {
    await handle.sql`select pg_advisory_unlock(727274)`.catch(() => {});
    await handle.close();
  }
}
