// A small pool of worker threads running one script, one request per thread at a time, for CPU
// work that must not hold up the event loop that speaks IMAP and Postgres (MIME parsing, page
// preparation). Threads start on demand, idle ones never keep the process alive, and a thread
// that fails, dies or is cancelled mid-request is ended and replaced on the next request.
// The script answers each message with exactly one message: `{ ok: true, value }` or `{ ok: false, message }`.
import path from "node:path";
import { Worker, type ResourceLimits, type TransferListItem, type WorkerOptions } from "node:worker_threads";

export type ThreadReply<T> = { ok: true; value: T } | { ok: false; message: string; name?: string };

export type ThreadPool<Req, Res> = {
  run(request: Req, opts?: { transfer?: TransferListItem[]; signal?: AbortSignal }): Promise<Res>;
  stats(): { size: number; threads: number; busy: number; queued: number; started: number; requests: number };
  /** Ends every thread; queued and running requests reject. */
  close(): Promise<void>;
};

/** A failure the thread's script reported (its error's name and message), not a crash. */
export class ThreadTaskError extends Error {
  constructor(message: string, readonly taskName?: string) {
    super(message);
    this.name = "ThreadTaskError";
  }
}

type Task<Req, Res> = { request: Req; transfer?: TransferListItem[]; signal?: AbortSignal; resolve(v: Res): void; reject(e: unknown): void };

/** `resourceLimits`: each thread's V8 heap limits (a small young generation keeps an idle thread small). */
export function createThreadPool<Req, Res>(opts: { file: string; size: number; resourceLimits?: ResourceLimits }): ThreadPool<Req, Res> {
  const size = Math.max(1, Math.floor(opts.size));
  const idle: Worker[] = [];
  const busy = new Set<Worker>();
  const queue: Task<Req, Res>[] = [];
  let started = 0;
  let requests = 0;
  let closed = false;
  const failRunning = new Map<Worker, (err: unknown) => void>();

  function spawn(): Worker {
    const worker = startTsThread(opts.file, opts.resourceLimits ? { resourceLimits: opts.resourceLimits } : {});
    started++;
    worker.on("error", (err) => failRunning.get(worker)?.(err));
    worker.on("exit", (code) => {
      const i = idle.indexOf(worker);
      if (i >= 0) idle.splice(i, 1);
      failRunning.get(worker)?.(new Error(`the thread stopped unexpectedly (exit code ${code})`));
    });
    return worker;
  }

  function pump(): void {
    while (!closed && queue.length && (idle.length || busy.size < size)) {
      const task = queue.shift()!;
      if (task.signal?.aborted) {
        task.reject(task.signal.reason);
        continue;
      }
      run(idle.pop() ?? spawn(), task);
    }
  }

  function run(worker: Worker, task: Task<Req, Res>): void {
    busy.add(worker);
    worker.ref();
    let done = false;
    const finish = (keep: boolean, outcome: () => void) => {
      if (done) return;
      done = true;
      worker.off("message", onMessage);
      task.signal?.removeEventListener("abort", onAbort);
      failRunning.delete(worker);
      busy.delete(worker);
      if (keep && !closed) {
        worker.unref(); // an idle thread never keeps the process alive
        idle.push(worker);
      } else {
        void worker.terminate();
      }
      outcome();
      pump();
    };
    const onMessage = (reply: ThreadReply<Res>) =>
      finish(true, () => (reply.ok ? task.resolve(reply.value) : task.reject(new ThreadTaskError(reply.message, reply.name))));
    // A thread cannot be interrupted mid-request: it is ended, and a fresh one serves the next.
    const onAbort = () => finish(false, () => task.reject(task.signal!.reason));
    failRunning.set(worker, (err) => finish(false, () => task.reject(err)));
    worker.on("message", onMessage);
    task.signal?.addEventListener("abort", onAbort, { once: true });
    requests++;
    worker.postMessage(task.request, task.transfer);
  }

  return {
    run(request, runOpts = {}) {
      if (closed) return Promise.reject(new Error("the thread pool is closed"));
      if (runOpts.signal?.aborted) return Promise.reject(runOpts.signal.reason);
      return new Promise<Res>((resolve, reject) => {
        queue.push({ request, transfer: runOpts.transfer, signal: runOpts.signal, resolve, reject });
        pump();
      });
    },
    stats: () => ({ size, threads: idle.length + busy.size, busy: busy.size, queued: queue.length, started, requests }),
    async close() {
      closed = true;
      const error = new Error("the thread pool is closed");
      for (const task of queue.splice(0)) task.reject(error);
      for (const fail of [...failRunning.values()]) fail(error);
      await Promise.all(idle.splice(0).map((w) => w.terminate()));
    },
  };
}

// tsx compiles lib/ to CommonJS (__dirname); the fallback covers an ESM load from the project root.
const BOOT_FILE = path.join(typeof __dirname === "string" ? __dirname : path.join(process.cwd(), "lib", "worker"), "ts-thread.cjs");

/**
 * A thread running a TypeScript file through ts-thread.cjs: our files compiled by tsx's CommonJS
 * hook, packages loaded natively, without the process's `--import tsx` (whose ESM hook cost
 * pdf.js's thread ~300 MB).
 */
export function startTsThread(file: string, options: WorkerOptions = {}): Worker {
  return new Worker(BOOT_FILE, { ...options, execArgv: [], workerData: { tsFile: file } });
}

/** The thread side: answers each request with `handle`'s value or its error. */
export function serveThreadRequests<Req, Res>(port: import("node:worker_threads").MessagePort, handle: (req: Req) => Promise<{ value: Res; transfer?: TransferListItem[] }>): void {
  port.on("message", async (req: Req) => {
    try {
      const { value, transfer } = await handle(req);
      try {
        port.postMessage({ ok: true, value } satisfies ThreadReply<Res>, transfer);
      } catch {
        // Some buffer could not be handed over (one of Node's shared pools): copied instead.
        port.postMessage({ ok: true, value } satisfies ThreadReply<Res>);
      }
    } catch (err) {
      const e = err as Error;
      port.postMessage({ ok: false, message: e?.message ?? String(err), name: e?.name } satisfies ThreadReply<Res>);
    }
  });
}
