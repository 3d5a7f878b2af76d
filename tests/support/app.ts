import { spawn, type ChildProcess } from "node:child_process";
import { mkdir, rm, stat } from "node:fs/promises";
import path from "node:path";
import { buildIsStale, runNextBuild, waitForExit } from "@/lib/boot/processes";
import { freePort } from "@/lib/boot/embedded-postgres";
import { waitFor } from "./wait";

export type RunningApp = { url: string; process: ChildProcess; stop(): Promise<void> };

/** The production web app (`npm run start:web`) on a free port, built first when the build is stale. */
/** `env` adds settings (e.g. a stand-in Google's endpoints); PUBLIC_URL is always the app's own address. */
export async function startWebApp(opts: { databaseUrl: string; dataDir: string; encryptionKey: string; env?: Record<string, string> }): Promise<RunningApp> {
  const root = path.resolve(__dirname, "../..");
  const baseEnv = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };
  await withBuildLock(root, async () => {
    if (buildIsStale()) await runNextBuild({ ...baseEnv, NODE_ENV: "production" });
  });
  const port = await freePort();
  const url = `http://localhost:${port}`;
  const child = spawn(process.execPath, ["--import", "tsx", path.join(root, "scripts/start-web.ts")], {
    cwd: root,
    env: {
      ...baseEnv,
      DATABASE_URL: opts.databaseUrl,
      DATA_DIR: opts.dataDir,
      ENCRYPTION_KEY: opts.encryptionKey,
      AUTH_SECRET: "e2e-auth-secret-e2e-auth-secret",
      PORT: String(port),
      LOG_LEVEL: process.env.LOG_LEVEL ?? "silent",
      ...opts.env,
      PUBLIC_URL: url,
    },
    stdio: ["ignore", "inherit", "inherit"],
  });
  const exited = waitForExit(child);
  await waitFor("the web app to answer", async () => {
    if (child.exitCode !== null) throw new Error(`web app exited with ${child.exitCode}`);
    const res = await fetch(`${url}/api/setup`).catch(() => undefined);
    return res?.ok;
  }, { timeoutMs: 120_000, intervalMs: 200 });
  return {
    url,
    process: child,
    async stop() {
      if (child.exitCode === null) child.kill("SIGTERM");
      await exited;
    },
  };
}

/** Test files run in parallel and Next.js refuses two builds at once: one builds, the others wait for it. */
async function withBuildLock(root: string, build: () => Promise<void>) {
  const lock = path.join(root, ".next-build.lock");
  await waitFor(
    "the Next.js build lock",
    async () => {
      try {
        await mkdir(lock);
        return true;
      } catch {
        // A lock left by a run that was killed mid-build is taken over after 15 minutes.
        const age = Date.now() - (await stat(lock).then((s) => s.mtimeMs, () => Date.now()));
        if (age > 15 * 60_000) await rm(lock, { recursive: true, force: true });
        return false;
      }
    },
    { timeoutMs: 20 * 60_000, intervalMs: 500 },
  );
  try {
    await build();
  } finally {
    await rm(lock, { recursive: true, force: true });
  }
}
