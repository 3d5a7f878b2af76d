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

export const notFound = (what: string) => new AppError(`${what}.not_found`, `${what.replace(/s$/, "")} not found`, { status: 404 });

/** Postgres unique violation (SQLSTATE 23505), however the driver wraps it. */
export function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string; cause?: { code?: string } } | undefined;
  return e?.code === "23505" || e?.cause?.code === "23505";
}
