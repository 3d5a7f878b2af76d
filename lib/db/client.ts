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

/**
 * A postgres.js client for `url`. libpq's `?host=/a/directory` names a local server's Unix socket
 * (pg, under pg-boss, reads it itself; postgres.js wants it as `path`): a socket is cheaper than
 * TCP on every query, ~25% less client CPU on loopback here.
 */
export function sqlClient(url: string, opts: postgres.Options<Record<string, postgres.PostgresType>> = {}): postgres.Sql {
  const u = new URL(url);
  const dir = u.searchParams.get("host");
  if (!dir?.startsWith("/")) return postgres(url, opts);
  u.searchParams.delete("host");
  return postgres(u.toString(), { ...opts, path: `${dir}/.s.PGSQL.${u.port || 5432}` });
}

/** `prepare` (DATABASE_PREPARED_STATEMENTS unless given): the queries drizzle sends are prepared statements (see `preparing`). */
export function createDb(url: string, opts: { max?: number; prepare?: boolean } = {}): DbHandle {
  const sql = sqlClient(url, { max: opts.max ?? 10, onnotice: () => {} });
  const db = drizzle(opts.prepare ?? env().DATABASE_PREPARED_STATEMENTS ? preparing(sql) : sql, { schema });
  return { db, sql, close: (timeoutSeconds = 5) => sql.end({ timeout: timeoutSeconds }) };
}

/**
 * The client with every query it runs prepared, in transactions and savepoints too. drizzle sends
 * its queries unprepared (`unsafe`, prepare: false), and postgres.js then asks Postgres for the
 * parameter types before each one: two round trips per statement, every time. Prepared, postgres.js
 * keeps each statement per connection and the second run is one round trip, without Postgres
 * parsing and planning it again. Connections are replaced every 30-60 min (postgres.js's
 * max_lifetime), which bounds what each keeps; a statement a migration invalidated is prepared again.
 */
function preparing(sql: postgres.Sql): postgres.Sql {
  const wrapped = (run: (...args: unknown[]) => unknown) => (...args: unknown[]) => {
    const fn = args.at(-1) as (tx: postgres.Sql) => unknown;
    return run(...args.slice(0, -1), (tx: postgres.Sql) => fn(preparing(tx)));
  };
  return new Proxy(sql, {
    get(target, prop, receiver) {
      if (prop === "unsafe") return (query: string, params?: unknown[], options?: postgres.UnsafeQueryOptions) => target.unsafe(query, params as postgres.ParameterOrJSON<never>[], { ...options, prepare: true });
      if (prop === "begin") return wrapped(target.begin.bind(target) as (...args: unknown[]) => unknown);
      if (prop === "savepoint" && "savepoint" in target) return wrapped((target as unknown as { savepoint: (...args: unknown[]) => unknown }).savepoint.bind(target));
      return Reflect.get(target, prop, receiver);
    },
  });
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
