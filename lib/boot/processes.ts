import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";

const ROOT = process.cwd();
const NEXT_BIN = path.join(ROOT, "node_modules", "next", "dist", "bin", "next");

/** Runs a Node script with the project's Node, passing the environment through. */
export function spawnNode(args: string[], env: NodeJS.ProcessEnv, name: string): ChildProcess {
  const child = spawn(process.execPath, args, { env, stdio: ["ignore", "inherit", "inherit"], cwd: ROOT });
  child.on("error", (err) => console.error(`${name}: ${err.message}`));
  return child;
}

/** The production web app (scripts/next-server.ts: Next.js behind a server that records each connection's address). */
export function spawnWebServer(port: number, env: NodeJS.ProcessEnv): ChildProcess {
  return spawnNode(["--import", "tsx", path.join(ROOT, "scripts", "next-server.ts"), String(port)], env, "web");
}

export function spawnWorker(env: NodeJS.ProcessEnv): ChildProcess {
  return spawnNode(["--import", "tsx", path.join(ROOT, "worker.ts")], workerEnv(env), "worker");
}

/**
 * The worker's environment: MALLOC_ARENA_MAX=2 unless set. glibc gives threads that allocate at once
 * arenas of their own (up to 8 per core), and the worker's threads (MIME parsing, pdf.js, OCR, libuv)
 * kept ~75 MB more resident (fetch benchmark: 580 MB peak without, 505 MB with). glibc reads it when a process starts, so it is set by whatever starts
 * the worker: here, the Dockerfile, and tests/support/worker.ts.
 */
export function workerEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return { ...env, MALLOC_ARENA_MAX: env.MALLOC_ARENA_MAX ?? "2" };
}

/** True when there is no production build, or sources changed since it was made. */
export function buildIsStale(): boolean {
  const stamp = path.join(ROOT, ".next", "BUILD_ID");
  if (!existsSync(stamp)) return true;
  const built = statSync(stamp).mtimeMs;
  const newest = Math.max(...["app", "components", "lib", "proxy.ts", "next.config.ts", "package.json"].map((p) => newestMtime(path.join(ROOT, p))));
  return newest > built;
}

export function runNextBuild(env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawnNode([NEXT_BIN, "build"], env, "build");
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`next build failed (exit ${code})`))));
  });
}

export type RestartPolicy = { initialMs: number; maxMs: number; resetAfterMs: number };

/** 1 s, doubling to 30 s; a process that stayed up a minute is forgiven its earlier crashes. */
export const RESTART_POLICY: RestartPolicy = { initialMs: 1000, maxMs: 30_000, resetAfterMs: 60_000 };

/** The wait before starting a process again, given the previous wait and how long the last run lasted. */
export function nextRestartDelay(previousMs: number | undefined, uptimeMs: number, policy: RestartPolicy = RESTART_POLICY): number {
  if (previousMs === undefined || uptimeMs >= policy.resetAfterMs) return policy.initialMs;
  return Math.min(previousMs * 2, policy.maxMs);
}

export type Supervised = { current(): ChildProcess; stop(signal?: NodeJS.Signals): Promise<void> };

/**
 * Keeps a process running: when it exits it is started again after a back-off, with a log line,
 * until `stop()`, which sends the signal and waits for the exit.
 */
export function supervise(name: string, start: () => ChildProcess, opts: { policy?: RestartPolicy; log?: (line: string) => void } = {}): Supervised {
  const log = opts.log ?? ((line: string) => console.error(line));
  let stopped = false;
  let delay: number | undefined;
  let timer: NodeJS.Timeout | undefined;
  let child: ChildProcess;
  const launch = () => {
    const startedAt = Date.now();
    const c = start();
    child = c;
    let ended = false;
    // A failed spawn may report only `error`; a normal death reports `exit`. Either ends this run once.
    const onEnd = (how: string) => {
      if (ended || stopped) return;
      ended = true;
      delay = nextRestartDelay(delay, Date.now() - startedAt, opts.policy);
      log(`${name} stopped (${how}); restarting it in ${delay / 1000} s`);
      timer = setTimeout(launch, delay);
    };
    c.once("exit", (code, signal) => onEnd(signal ? `signal ${signal}` : `exit code ${code}`));
    c.once("error", (err) => {
      if (c.pid === undefined) onEnd(err.message);
    });
  };
  launch();
  return {
    current: () => child,
    async stop(signal = "SIGTERM") {
      stopped = true;
      clearTimeout(timer);
      if (child.exitCode === null && child.signalCode === null && child.pid !== undefined) child.kill(signal);
      await waitForExit(child);
    },
  };
}

export function waitForExit(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once("exit", (code) => resolve(code)));
}

function newestMtime(p: string): number {
  if (!existsSync(p)) return 0;
  const st = statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  let max = st.mtimeMs;
  for (const entry of readdirSync(p)) max = Math.max(max, newestMtime(path.join(p, entry)));
  return max;
}
