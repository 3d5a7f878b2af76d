// The test entry point: a PostgreSQL server (DATABASE_URL, or an embedded one for this run), then node's test runner.
import { spawn } from "node:child_process";
import { chmod, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { startEmbeddedPostgres } from "../lib/boot/embedded-postgres";

async function main() {
  let stop = async () => {};
  if (!process.env.DATABASE_URL) {
    const dir = await mkdtemp(path.join(os.tmpdir(), "mailroom-test-pg-"));
    await chmod(dir, 0o755); // as root, Postgres runs as the postgres user and must reach its folder
    const pg = await startEmbeddedPostgres(path.join(dir, "data"), { database: "postgres" });
    process.env.DATABASE_URL = pg.url;
    stop = async () => {
      await pg.stop();
      await rm(dir, { recursive: true, force: true });
    };
    console.log(`tests: embedded PostgreSQL at ${pg.url.replace(/:[^:@/]+@/, ":***@")}`);
  }
  const patterns = process.argv.slice(2).length ? process.argv.slice(2) : ["tests/unit/**/*.test.ts", "tests/integration/**/*.test.ts", "tests/e2e/**/*.test.ts"];
  const child = spawn(process.execPath, ["--import", "tsx", "--test", "--test-concurrency=2", "--test-timeout=600000", ...patterns], {
    stdio: "inherit",
    env: { ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? "silent", NODE_ENV: "test" },
  });
  const code = await new Promise<number>((resolve) => child.on("exit", (c) => resolve(c ?? 1)));
  await stop();
  process.exit(code);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
