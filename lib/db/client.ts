import { drizzle, type PostgresJsDatabase } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import * as companies from "./schema/companies";
import * as accounts from "./schema/accounts";
import * as mail from "./schema/mail";
import * as documents from "./schema/documents";
import * as system from "./schema/system";
import * as categories from "./schema/categories";
import * as notifications from "./schema/notifications";
import * as layouts from "./schema/layouts";
import * as triage from "./schema/triage";
import { env } from "../env";

export const schema = { ...companies, ...accounts, ...mail, ...documents, ...system, ...categories, ...layouts, ...notifications, ...triage };

export type Db = PostgresJsDatabase<typeof schema>;
/** A database handle or an open transaction: queries take either. */
export type DbOrTx = Db | Parameters<Parameters<Db["transaction"]>[0]>[0];

/** `close` waits up to `timeoutSeconds` (5) for queries and reserved connections, then ends them. */
export type DbHandle = { db: Db; sql: postgres.Sql; close(timeoutSeconds?: number): Promise<void> };

export function createDb(url: string, opts: { max?: number } = {}): DbHandle {
  const sql = postgres(url, { max: opts.max ?? 10, onnotice: () => {} });
  const db = drizzle(sql, { schema });
  return { db, sql, close: (timeoutSeconds = 5) => sql.end({ timeout: timeoutSeconds }) };
}

// One pool per process, kept across Next.js hot reloads.
const globalForDb = globalThis as unknown as { mailroomDb?: DbHandle };

export function getDb(): Db {
  if (!globalForDb.mailroomDb) {
    const url = env().DATABASE_URL;
    if (!url) throw new Error("DATABASE_URL is not set: start Mailroom with `npm start` or set DATABASE_URL");
    globalForDb.mailroomDb = createDb(url);
  }
  return globalForDb.mailroomDb.db;
}

/** The raw postgres.js client behind a drizzle handle or transaction, for pg-boss and bulk SQL. */
export function rawClient(db: DbOrTx): postgres.Sql {
  return (db as unknown as { session: { client: postgres.Sql } }).session.client;
}
