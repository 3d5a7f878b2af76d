import { PgBoss, type Queue, type SendOptions, type WorkOptions } from "pg-boss";
import type { z } from "zod";
import { rawClient, type Db, type DbOrTx } from "./db/client";
import type { Logger } from "./logger";
import type { Storage } from "./storage/types";
import type { Keyring } from "./crypto/secrets";
import type { WorkerResources } from "./worker/resources";
import type { TextLimits } from "./ocr/types";

export const BOSS_SCHEMA = "pgboss";

export type JobContext = {
  db: Db;
  boss: PgBoss;
  storage: Storage;
  keyring: Keyring;
  log: Logger;
  jobId: string;
  attempt: { retryCount: number; final: boolean };
  settings: WorkerSettings;
  resources: WorkerResources;
  /** Aborted as the worker's stop grace runs out: long jobs wrap up there, keeping what they did. Absent outside the worker. */
  shutdown?: AbortSignal;
};

export type WorkerSettings = {
  maxAttachmentBytes: number;
  maxMessageBytes: number;
  /** Messages (IMAP or Gmail) over this are streamed through temp files (STREAM_MESSAGE_MB). */
  streamMessageBytes: number;
  fetchBatchSize: number;
  timeZone: string;
  /** Lanes of every job without a lane of its own. */
  concurrency: number;
  /** Lanes by JobDefinition.lane: fetching (default `concurrency`) and reading documents (default 1), so neither starves the other. */
  lanes?: { fetch?: number; documents?: number };
  /** Limits left out take lib/ocr's defaults (50 pages, 40 MP a page, 25 MB, 120 s). */
  ocr: { langs: string; tessdataDir?: string; poolSize?: number; recycleAfterPages?: number; rssCeilingMb?: number; limits?: Partial<TextLimits> };
  gemini: { apiKey?: string; baseUrl?: string; model?: string };
};

export type JobDefinition<S extends z.ZodType = z.ZodType> = {
  name: string;
  schema: S;
  options: Omit<Queue, "name">;
  work?: WorkOptions;
  /** Which of the worker's lanes (WorkerSettings.lanes) runs it; without one, `concurrency` lanes of its own. */
  lane?: "fetch" | "documents";
  cron?: { pattern: string; tz?: string };
  /** Scheduled once per company, in the company's time zone (companies.time_zone), with payload `{ company_id }`. */
  companyCron?: { pattern: string };
  handler(data: z.infer<S>, ctx: JobContext): Promise<unknown>;
};

/** One typed definition per job; the registry in jobs/index.ts lists them all. */
/** How many of `job` one worker runs at once. */
export function laneSize(job: Pick<JobDefinition, "lane">, settings: WorkerSettings): number {
  if (job.lane === "fetch") return settings.lanes?.fetch ?? settings.concurrency;
  if (job.lane === "documents") return settings.lanes?.documents ?? 1;
  return settings.concurrency;
}

export function defineJob<S extends z.ZodType>(def: JobDefinition<S>): JobDefinition<S> {
  return def;
}

export type EnqueueOptions = Omit<SendOptions, "db"> & { db?: DbOrTx };

/**
 * Validates the payload and sends it. Given `db` (a transaction), the job exists only if that
 * transaction commits, which keeps rows and their jobs consistent.
 */
export async function enqueue<S extends z.ZodType>(
  boss: PgBoss,
  job: Pick<JobDefinition<S>, "name" | "schema">,
  payload: z.input<S>,
  opts: EnqueueOptions = {},
): Promise<string | null> {
  const data = job.schema.parse(payload) as object;
  const { db, ...rest } = opts;
  return boss.send(job.name, data, { ...rest, ...(db ? { db: bossExecutor(db) } : {}) });
}

/** pg-boss speaks to Postgres through this adapter when it must share a drizzle transaction. */
export function bossExecutor(db: DbOrTx) {
  const client = rawClient(db);
  return {
    async executeSql(text: string, values?: unknown[]) {
      const rows = await client.unsafe(text, (values ?? []) as never[]);
      return { rows: [...rows] };
    },
  };
}

/** A pg-boss instance that only sends (web, CLI): no maintenance, no cron. */
export function createSenderBoss(connectionString: string): PgBoss {
  return new PgBoss({ connectionString, schema: BOSS_SCHEMA, supervise: false, schedule: false, max: 3 });
}

export function createWorkerBoss(connectionString: string, max = 10): PgBoss {
  // Supervision every 10 s finds jobs whose worker died (missed job heartbeats) quickly.
  // Queue counts every 5 s let workers see a backlog and burst through it (burstWhenReadyExceeds).
  return new PgBoss({ connectionString, schema: BOSS_SCHEMA, max, superviseIntervalSeconds: 10, monitorIntervalSeconds: 5, queueCacheIntervalSeconds: 5 });
}

/** Creates (or updates) every job's queue; run wherever migrations run so any process can send. */
export async function ensureQueues(connectionString: string, jobs: Pick<JobDefinition, "name" | "options">[]): Promise<void> {
  const boss = createSenderBoss(connectionString);
  boss.on("error", () => {});
  await boss.start();
  try {
    for (const job of jobs) await boss.createQueue(job.name, job.options);
  } finally {
    await boss.stop({ graceful: false, close: true });
  }
}
