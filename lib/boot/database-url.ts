import { existsSync, readFileSync } from "node:fs";
import { rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { startEmbeddedPostgres } from "./embedded-postgres";

const fileFor = (dataDir: string) => path.join(dataDir, "postgres.json");

/** `npm start` records where its embedded server listens, so the CLI can reach it while it runs. */
export async function recordEmbeddedUrl(dataDir: string, url: string): Promise<() => Promise<void>> {
  const file = fileFor(dataDir);
  await writeFile(file, JSON.stringify({ url, pid: process.pid }), { mode: 0o600 });
  return () => rm(file, { force: true });
}

/**
 * The database for a command-line tool: DATABASE_URL, else the running embedded server,
 * else the embedded server started for the duration of the command.
 */
export async function resolveDatabaseUrl(databaseUrl: string | undefined, dataDir: string): Promise<{ url: string; stop(): Promise<void> }> {
  if (databaseUrl) return { url: databaseUrl, stop: async () => {} };
  const file = fileFor(dataDir);
  if (existsSync(file)) {
    const { url, pid } = JSON.parse(readFileSync(file, "utf8")) as { url: string; pid: number };
    if (isAlive(pid)) return { url, stop: async () => {} };
  }
  const pg = await startEmbeddedPostgres(path.join(dataDir, "postgres"));
  return { url: pg.url, stop: () => pg.stop() };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
