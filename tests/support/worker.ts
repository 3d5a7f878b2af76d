import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { startWorker } from "@/lib/worker/runtime";
import { createStorage } from "@/lib/storage/storage";
import { parseKeyring } from "@/lib/crypto/secrets";
import { logger } from "@/lib/logger";
import { DEFAULT_SETTINGS } from "@/lib/boot/config";
import { workerEnv } from "@/lib/boot/processes";
import { JOBS } from "@/jobs/index";
import type { TextLimits } from "@/lib/ocr/types";

export type TestWorkerOptions = {
  databaseUrl: string;
  dataDir: string;
  encryptionKey: string;
  concurrency?: number;
  fetchBatchSize?: number;
  maxAttachmentBytes?: number;
  ocrLangs?: string;
  ocrLimits?: Partial<TextLimits>;
  tessdataDir?: string;
  geminiApiKey?: string;
  geminiBaseUrl?: string;
};

/** The real worker runtime in this process, without crons (tests trigger jobs themselves). */
export function startTestWorker(opts: TestWorkerOptions) {
  return startWorker({
    databaseUrl: opts.databaseUrl,
    jobs: JOBS,
    storage: createStorage({ dataDir: opts.dataDir }),
    keyring: parseKeyring(opts.encryptionKey),
    log: logger,
    schedules: false,
    settings: {
      ...DEFAULT_SETTINGS,
      ocr: { langs: opts.ocrLangs ?? "eng", tessdataDir: opts.tessdataDir, limits: opts.ocrLimits },
      gemini: { apiKey: opts.geminiApiKey, baseUrl: opts.geminiBaseUrl },
      concurrency: opts.concurrency ?? 5,
      fetchBatchSize: opts.fetchBatchSize ?? DEFAULT_SETTINGS.fetchBatchSize,
      maxAttachmentBytes: opts.maxAttachmentBytes ?? DEFAULT_SETTINGS.maxAttachmentBytes,
    },
  });
}

/** `worker.ts` as its own process, as production runs it, so a test can SIGKILL it. */
export function spawnWorkerProcess(opts: TestWorkerOptions & { env?: Record<string, string>; pipeOutput?: boolean }): ChildProcess {
  const root = path.resolve(__dirname, "../..");
  return spawn(process.execPath, ["--import", "tsx", path.join(root, "worker.ts")], {
    cwd: root,
    // As `npm start` and the Docker image start it (MALLOC_ARENA_MAX).
    env: workerEnv({
      ...process.env,
      DATABASE_URL: opts.databaseUrl,
      DATA_DIR: opts.dataDir,
      ENCRYPTION_KEY: opts.encryptionKey,
      WORKER_CONCURRENCY: String(opts.concurrency ?? 5),
      LOG_LEVEL: process.env.LOG_LEVEL ?? "silent",
      ...opts.env,
    }),
    // Piped, a test can wait for what the worker logs.
    stdio: ["ignore", opts.pipeOutput ? "pipe" : "inherit", "inherit"],
  });
}
