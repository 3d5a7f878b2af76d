// Docker's health check for the worker container: exit 0 when this host's worker has a fresh heartbeat row.
import os from "node:os";
import { env } from "../lib/env";
import { createDb } from "../lib/db/client";
import { workerAliveOn } from "../lib/health";

async function main() {
  const url = env().DATABASE_URL;
  if (!url) throw new Error("DATABASE_URL is not set");
  const handle = createDb(url, { max: 1 });
  try {
    const alive = await workerAliveOn(handle.db, os.hostname());
    console.log(alive ? "worker alive" : `no heartbeat from a worker on ${os.hostname()} in the last minute`);
    process.exitCode = alive ? 0 : 1;
  } finally {
    await handle.close();
  }
}

main().catch((err) => {
  console.error(`worker health: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
