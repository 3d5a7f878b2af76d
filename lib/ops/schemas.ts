// The operations API (queues, jobs, workers, fetching) as the server answers it and the console pages read it.
import { z } from "../zod";

/** PUT /api/ops/fetching and PUT /api/ops/fetching/accounts/:id. */
export const setFetchingSchema = z.object({ paused: z.boolean() }).strict();
export type SetFetchingInput = z.infer<typeof setFetchingSchema>;

export const JOB_STATES = ["created", "retry", "active", "completed", "cancelled", "failed"] as const;
export type JobState = (typeof JOB_STATES)[number];

/** GET /api/ops/jobs. `cursor` is the last job's id of the previous page. */
export const listJobsQuery = z
  .object({
    queue: z.string().max(100).optional(),
    state: z.enum(JOB_STATES).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    cursor: z.uuid().optional(),
  })
  .strict();
export type ListJobsQuery = z.infer<typeof listJobsQuery>;

export const jobSummarySchema = z.object({
  id: z.string(),
  queue: z.string(),
  state: z.enum(JOB_STATES),
  retry_count: z.number().int(),
  retry_limit: z.number().int(),
  created_at: z.string(),
  started_at: z.string().nullable(),
  completed_at: z.string().nullable(),
  singleton_key: z.string().nullable(),
});
export type JobSummary = z.infer<typeof jobSummarySchema>;

export const jobDetailSchema = jobSummarySchema.extend({
  /** The payload with anything that looks secret replaced by "[redacted]". */
  data: z.unknown(),
  /** What the handler returned, or its error ({message, stack, …}) when it failed. */
  output: z.unknown(),
  start_after: z.string().nullable(),
  expire_seconds: z.number().nullable(),
  heartbeat_at: z.string().nullable(),
});
export type JobDetail = z.infer<typeof jobDetailSchema>;

export const queueRowSchema = z.object({
  name: z.string(),
  counts: z.record(z.enum(JOB_STATES), z.number().int()),
  /** Whether POST /api/ops/run/:queue can send it without an id. */
  runnable: z.boolean(),
});
export type QueueRow = z.infer<typeof queueRowSchema>;

export const throughputPointSchema = z.object({
  hour: z.string(),
  completed: z.number().int(),
  failed: z.number().int(),
  /** failed / (completed + failed), 0 when nothing finished. */
  failure_rate: z.number(),
});
export type ThroughputPoint = z.infer<typeof throughputPointSchema>;
