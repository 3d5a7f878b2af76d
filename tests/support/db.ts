import { randomBytes } from "node:crypto";
import { createDb, sqlClient, type DbHandle } from "@/lib/db/client";
import { prepareDatabase } from "@/scripts/prepare-database";

export type TestDatabase = DbHandle & { url: string; drop(): Promise<void> };

/** A fresh, migrated database of its own for one test file, on the server in DATABASE_URL. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const base = process.env.DATABASE_URL;
  if (!base) throw new Error("DATABASE_URL is not set: run the tests with `npm test`");
  const name = `mailroom_test_${randomBytes(5).toString("hex")}`;
  const admin = sqlClient(withDatabase(base, "postgres"), { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database "${name}"`);
  const url = withDatabase(base, name);
  await prepareDatabase(url);
  const handle = createDb(url, { max: 20 });
  return {
    ...handle,
    url,
    async drop() {
      await handle.close();
      await admin.unsafe(`drop database if exists "${name}" with (force)`);
      await admin.end();
    },
  };
}

function withDatabase(url: string, db: string): string {
  const u = new URL(url);
  u.pathname = `/${db}`;
  return u.toString();
}
