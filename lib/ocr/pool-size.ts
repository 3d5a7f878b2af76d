import os from "node:os";

/** One OCR worker per core but one: that core stays with fetching, Postgres and the mail server. */
export function defaultPoolSize(): number {
  return Math.max(1, os.availableParallelism() - 1);
}
