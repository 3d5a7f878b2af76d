import type { Logger } from "../logger";

/**
 * A rejection or exception nobody handled leaves the worker in an unknown state: log it and exit
 * non-zero, so the supervisor (`npm start`, Docker's restart policy) starts a clean one.
 */
export function exitOnFatalErrors(log: Logger, exit: (code: number) => void = (code) => process.exit(code)): void {
  process.on("unhandledRejection", (reason) => {
    log.fatal({ err: reason }, "unhandled promise rejection: exiting so the worker is restarted");
    exit(1);
  });
  process.on("uncaughtException", (err) => {
    if (isClosedSocketWrite(err)) {
      log.warn({ err }, "a database connection closed under a pending write; its query already failed and is retried");
      return;
    }
    log.fatal({ err }, "uncaught exception: exiting so the worker is restarted");
    exit(1);
  });
}

/**
 * postgres.js (3.4.x) defers small writes to a setImmediate; when the connection closes first
 * (the database restarting) that write meets a null socket and throws outside any query
 * (porsager/postgres#1154, #1208, unfixed upstream). By then the connection's queries were
 * already rejected with CONNECTION_CLOSED, so the worker is in a known state: this one error is
 * not fatal. Anything else still is.
 */
export function isClosedSocketWrite(err: unknown): boolean {
  return err instanceof TypeError && /reading 'write'/.test(err.message) && /nextWrite[\s\S]*postgres[\\/](?:cjs[\\/])?src[\\/]connection\.js|postgres[\\/](?:cjs[\\/])?src[\\/]connection\.js[\s\S]*nextWrite/.test(err.stack ?? "");
}
