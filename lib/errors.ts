import { ZodError } from "zod";

export type AppErrorOptions = { status?: number; expose?: boolean; cause?: unknown; details?: unknown };

/** The one error type the HTTP wrapper and jobs understand. `expose` says whether the message may be shown. */
export class AppError extends Error {
  readonly code: string;
  readonly status: number;
  readonly expose: boolean;
  readonly details?: unknown;

  constructor(code: string, message: string, opts: AppErrorOptions = {}) {
    super(message, { cause: opts.cause });
    this.name = "AppError";
    this.code = code;
    this.status = opts.status ?? 400;
    this.expose = opts.expose ?? this.status < 500;
    this.details = opts.details;
  }
}

/**
 * A 422 on one field, decided after parsing (it needs the stored row): the same shape as a schema's own field errors.
 * `i18n` names the message in the errors namespace that says it in other languages.
 */
export const fieldError = (field: string, message: string, i18n?: string) =>
  new ZodError([{ code: "custom", path: [field], message, input: undefined, ...(i18n ? { params: { i18n } } : {}) }]);

export const notFound = (what: string) => new AppError(`${what}.not_found`, `${what.replace(/s$/, "")} not found`, { status: 404 });

/** Postgres unique violation (SQLSTATE 23505), however the driver wraps it. */
export function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string; cause?: { code?: string } } | undefined;
  return e?.code === "23505" || e?.cause?.code === "23505";
}

/** What may be shown of an error: a code and a sentence. The detail (SQL, parameters, paths, buckets) belongs in the log. */
export type PublicError = { code: string; message: string; status: number };

const INTERNAL: PublicError = { code: "internal", message: "Something went wrong; the error was logged", status: 500 };

/** Any error as it may be shown or returned: AppErrors as they say, database and storage failures as a code and a sentence. */
export function publicError(err: unknown): PublicError {
  if (err instanceof AppError) return err.expose ? { code: err.code, message: err.message, status: err.status } : { ...INTERNAL, code: err.code, status: err.status };
  const db = databaseFailure(err);
  if (db === "unavailable") return { code: "database.unavailable", message: "The database cannot be reached right now; try again in a moment", status: 503 };
  if (db === "failed") return { code: "database.failed", message: "The database could not complete the request; the details were logged", status: 500 };
  return INTERNAL;
}

/** One line for a stored error (an account's last error, a document's error message): the sentence and its code. */
export function publicErrorText(err: unknown): string {
  const e = publicError(err);
  return `${e.message} (${e.code})`;
}

/** Whether the error is Mailroom's side failing (database or file store), not the input or a mail server. */
export function isInfrastructureError(err: unknown): boolean {
  return databaseFailure(err) !== null || (err instanceof AppError && err.code.startsWith("storage."));
}

// SQLSTATE classes and postgres.js codes that mean the server is gone, not that the query was wrong.
const UNAVAILABLE = /^(08|57P0[1-3]|53300)|^(CONNECTION_(CLOSED|ENDED|DESTROYED)|CONNECT_TIMEOUT|ECONNREFUSED|ECONNRESET|ETIMEDOUT|EHOSTUNREACH|ENOTFOUND)$/;

/** "failed" for an error from the database (drizzle's "Failed query", a postgres.js error), "unavailable" when it is unreachable. */
function databaseFailure(err: unknown): "failed" | "unavailable" | null {
  let fromDb = false;
  for (let e = err as { name?: string; message?: string; code?: string; cause?: unknown } | undefined, depth = 0; e && depth < 5; e = e.cause as typeof e, depth++) {
    // drizzle-orm's DrizzleQueryError: its message is the SQL and its parameters.
    if (e.name === "PostgresError" || (typeof e.message === "string" && e.message.startsWith("Failed query: "))) fromDb = true;
    if (fromDb && typeof e.code === "string" && UNAVAILABLE.test(e.code)) return "unavailable";
  }
  return fromDb ? "failed" : null;
}
