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

export function spawnNextStart(port: number, env: NodeJS.ProcessEnv): ChildProcess {
  return spawnNode([NEXT_BIN, "start", "-p", String(port)], env, "web");
}

export function spawnWorker(env: NodeJS.ProcessEnv): ChildProcess {
  return spawnNode(["--import", "tsx", path.join(ROOT, "worker.ts")], env, "worker");
}

/** True when there is no production build, or sources changed since it was made. */
export function buildIsStale(): boolean {
  const stamp = path.join(ROOT, ".next", "BUILD_ID");
  if (!existsSync(stamp)) return true;
  const built = statSync(stamp).mtimeMs;
  const newest = Math.max(...["app", "components", "lib", "next.config.ts", "package.json"].map((p) => newestMtime(path.join(ROOT, p))));
  return newest > built;
}

export function runNextBuild(env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawnNode([NEXT_BIN, "build"], env, "build");
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`next build failed (exit ${code})`))));
  });
}

export function waitForExit(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
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
