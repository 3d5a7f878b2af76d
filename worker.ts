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
  await prepareDatabase(cfg.databaseUrl);
  const worker = await startWorker({ ...cfg, jobs: JOBS, log: logger });
  const shutdown = (signal: string) => {
    logger.info({ signal, seconds: stopMs / 1000 }, "stopping: finishing jobs in flight");
    // If closing hangs (database gone), leave anyway before the supervisor's SIGKILL.
    setTimeout(() => process.exit(1), stopMs + 5000).unref();
    worker.stop({ timeoutMs: stopMs }).then(
      () => process.exit(0),
      (err) => {
        logger.error({ err }, "stop failed");
        process.exit(1);
      },
    );
  };
  process.once("SIGTERM", () => shutdown("SIGTERM"));
  process.once("SIGINT", () => shutdown("SIGINT"));
}

main().catch((err) => {
  console.error(`mailroom worker: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
