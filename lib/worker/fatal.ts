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
    log.fatal({ err }, "uncaught exception: exiting so the worker is restarted");
    exit(1);
  });
}
