// The schedules API as the server answers it and the schedules page reads and validates it.
import { z } from "../zod";

/** 5 fields (minute hour day-of-month month day-of-week); the server checks each field with cron-parser too. */
export const cronExpression = z
  .string()
  .trim()
  .regex(/^\S+( \S+){4}$/, { message: "A cron expression has 5 fields: minute hour day-of-month month day-of-week" })
  .max(120);

/** PATCH /api/ops/schedules/:name. A null expression goes back to the job's default. */
export const updateScheduleSchema = z
  .object({
    expression: z.union([cronExpression, z.literal("").transform(() => null)]).nullable(),
    paused: z.boolean(),
  })
  .partial()
  .strict();
export type UpdateScheduleInput = z.infer<typeof updateScheduleSchema>;

const timestamp = z.string().nullable();

export const lastRunSchema = z.object({
  id: z.string(),
  state: z.string(),
  finished_at: timestamp,
  /** The job's output (what it did) or its error, as pg-boss stored it. */
  output: z.unknown(),
});

export const scheduleRowSchema = z.object({
  name: z.string(),
  /** "" for a global cron; the company id for a per-company one. */
  key: z.string(),
  per_company: z.boolean(),
  expression: z.string(),
  default_expression: z.string(),
  time_zone: z.string(),
  paused: z.boolean(),
  next_run: timestamp,
  last_run: lastRunSchema.nullable(),
});
export type ScheduleRow = z.infer<typeof scheduleRowSchema>;

export const syncResultSchema = z.object({ added: z.number(), removed: z.number(), updated: z.number(), total: z.number() });
export type SyncResult = z.infer<typeof syncResultSchema>;

export const scheduleListSchema = z.object({ schedules: z.array(scheduleRowSchema) });
export const scheduleUpdateResponseSchema = z.object({ schedule: scheduleRowSchema, sync: syncResultSchema });
