import { productionConfig } from "./lib/boot/config";
import { prepareDatabase } from "./scripts/prepare-database";
import { logger } from "./lib/logger";
import { startWorker } from "./lib/worker/runtime";
import { JOBS } from "./jobs";

async function main() {
  const cfg = productionConfig("worker");
  await prepareDatabase(cfg.databaseUrl);
  const worker = await startWorker({ ...cfg, jobs: JOBS, log: logger });
  const shutdown = (signal: string) => {
    logger.info({ signal }, "stopping: finishing jobs in flight");
    worker.stop().then(
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
