import path from "node:path";
import { Worker } from "node:worker_threads";

// Loads the module in a fresh thread (tsx comes along through execArgv) and calls one export.
const SCRIPT = `
const { parentPort, workerData } = require("node:worker_threads");
import(workerData.module).then((m) => parentPort.postMessage((m.default ?? m)[workerData.name](...workerData.args)));
`;

/**
 * Calls a synchronous export of a module in a worker thread, so a test's `timeout` can fail it
 * even when the call never returns (a blocked thread cannot fire its own timers). The thread is
 * unref'd: a call still running does not keep the test process alive.
 */
export function callInThread<T>(modulePath: string, name: string, args: unknown[]): Promise<T> {
  const worker = new Worker(SCRIPT, { eval: true, workerData: { module: path.resolve(modulePath), name, args } });
  worker.unref();
  return new Promise<T>((resolve, reject) => {
    worker.once("message", (value: T) => {
      resolve(value);
      void worker.terminate();
    });
    worker.once("error", reject);
  });
}
