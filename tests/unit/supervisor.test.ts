import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import path from "node:path";
import { nextRestartDelay, RESTART_POLICY, supervise } from "@/lib/boot/processes";
import { waitFor } from "../support/wait";

test("restart back-off starts at 1 s, doubles to 30 s, and starts over after a minute up", () => {
  const delays: number[] = [];
  let d: number | undefined;
  for (let i = 0; i < 7; i++) delays.push((d = nextRestartDelay(d, 100)));
  assert.deepEqual(delays, [1000, 2000, 4000, 8000, 16000, 30000, 30000]);
  assert.equal(nextRestartDelay(30_000, RESTART_POLICY.resetAfterMs), 1000, "a long run resets the back-off");
  assert.equal(nextRestartDelay(30_000, RESTART_POLICY.resetAfterMs - 1), 30_000);
});

test("a supervised process killed with SIGKILL comes back, with a log line; stop() ends it for good", async () => {
  const lines: string[] = [];
  const sleeper = () => spawn(process.execPath, ["-e", "setInterval(() => {}, 1000)"], { stdio: "ignore" });
  const sup = supervise("the sleeper", sleeper, { policy: { initialMs: 50, maxMs: 200, resetAfterMs: 60_000 }, log: (l) => lines.push(l) });
  try {
    const first = sup.current();
    first.kill("SIGKILL");
    const second = await waitFor("a new process", async () => (sup.current() !== first && sup.current().pid ? sup.current() : undefined));
    assert.notEqual(second.pid, first.pid);
    assert.match(lines[0], /the sleeper stopped \(signal SIGKILL\); restarting it in 0\.05 s/);
    second.kill("SIGKILL");
    await waitFor("a third process", async () => sup.current() !== second);
    assert.match(lines[1], /restarting it in 0\.1 s/, "the second wait is twice the first");
  } finally {
    await sup.stop();
  }
  const last = sup.current();
  assert.equal(last.signalCode, "SIGTERM", "stopped with SIGTERM");
  assert.equal(lines.length, 2, "no restart is announced for the stop");
});

test("the worker's fatal handler logs an unhandled rejection and exits 1", async () => {
  const root = path.resolve(__dirname, "../..");
  const script = `
    const { exitOnFatalErrors } = require("./lib/worker/fatal.ts");
    const { createLogger } = require("./lib/logger.ts");
    exitOnFatalErrors(createLogger("info"));
    setInterval(() => {}, 1000);
    Promise.reject(new Error("boom in a job"));
  `;
  const child = spawn(process.execPath, ["--import", "tsx", "-e", script], { cwd: root, stdio: ["ignore", "pipe", "inherit"] });
  let out = "";
  child.stdout.on("data", (d) => (out += d));
  const code = await new Promise((r) => child.once("exit", r));
  assert.equal(code, 1);
  assert.match(out, /unhandled promise rejection: exiting so the worker is restarted/);
  assert.match(out, /boom in a job/);
});
