import { productionConfig } from "./lib/boot/config";
import { env } from "./lib/env";
import { prepareDatabase } from "./scripts/prepare-database";
import { logger } from "./lib/logger";
import { startWorker } from "./lib/worker/runtime";
import { exitOnFatalErrors } from "./lib/worker/fatal";
import { JOBS } from "./jobs";

async function main() {
  exitOnFatalErrors(logger);
  const cfg = productionConfig("worker");
  const stopMs = env().WORKER_STOP_SECONDS * 1000;
  let worker: Awaited<ReturnType<typeof startWorker>> | undefined;
  let stopping = false;
  const stop = (w: NonNullable<typeof worker>) =>
    w.stop({ timeoutMs: stopMs }).then(
      () => process.exit(0),
      (err) => {
        logger.error({ err }, "stop failed");
        process.exit(1);
      },
    );
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal, seconds: stopMs / 1000 }, "stopping: finishing jobs in flight");
    // If closing hangs (database gone), leave anyway before the supervisor's SIGKILL.
    setTimeout(() => process.exit(1), stopMs + 5000).unref();
    if (worker) void stop(worker);
  };
  // Listening before the worker starts: jobs may begin before startWorker returns, and a signal then must still hand them back.
  process.once("SIGTERM", () => shutdown("SIGTERM"));
  process.once("SIGINT", () => shutdown("SIGINT"));
  await prepareDatabase(cfg.databaseUrl);
  worker = await startWorker({ ...cfg, jobs: JOBS, log: logger });
  if (stopping) void stop(worker);
}

main().catch((err) => {
  console.error(`mailroom worker: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
