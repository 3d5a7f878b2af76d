import { bigint, boolean, doublePrecision, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { companies } from "./companies";

export const workerHeartbeats = pgTable("worker_heartbeats", {
  id: text("id").primaryKey(),
  hostname: text("hostname").notNull(),
  pid: text("pid").notNull(),
  startedAt: timestamp("started_at", { withTimezone: true }).notNull().defaultNow(),
  lastSeen: timestamp("last_seen", { withTimezone: true }).notNull().defaultNow(),
  info: jsonb("info").$type<Record<string, unknown>>().notNull().default({}),
  // The worker registry (lib/ops/workers.ts): what the Workers page and /api/metrics show.
  version: text("version"),
  jobsInFlight: integer("jobs_in_flight").notNull().default(0),
  rssBytes: bigint("rss_bytes", { mode: "number" }).notNull().default(0),
  // Set by a graceful stop; a crashed worker just goes quiet. Kept so the page shows what stopped and when.
  stoppedAt: timestamp("stopped_at", { withTimezone: true }),
});

/**
 * mailroom_stage_seconds as Postgres keeps it: one row per stage and histogram bucket, holding the
 * count and sum of the observations that fell in (previous bound, le]. Workers add their deltas on
 * each heartbeat, so the totals only grow and survive worker restarts; the web sums them at scrape.
 */
export const stageTimings = pgTable(
  "stage_timings",
  {
    stage: text("stage").notNull(),
    le: doublePrecision("le").notNull(),
    count: bigint("count", { mode: "number" }).notNull().default(0),
    sum: doublePrecision("sum").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.stage, t.le] })],
);

/** Fixed-window counters for throttling (logins, connection tests), kept in Postgres so every process shares them. */
export const rateLimits = pgTable("rate_limits", {
  key: text("key").primaryKey(),
  windowStart: timestamp("window_start", { withTimezone: true }).notNull().defaultNow(),
  count: integer("count").notNull().default(0),
});

/**
 * What an admin changed about a cron job (jobs/*.ts hold the defaults): another expression, or paused.
 * `key` is pg-boss's schedule key: "" for a global cron, the company id for a per-company one.
 */
export const scheduleOverrides = pgTable(
  "schedule_overrides",
  {
    name: text("name").notNull(),
    key: text("key").notNull().default(""),
    pattern: text("pattern"),
    paused: boolean("paused").notNull().default(false),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.name, t.key] })],
);

/** One row per clean-up run that removed something: what, for which company, so deletions leave a trace. */
export const cleanupRuns = pgTable(
  "cleanup_runs",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    job: text("job").notNull(),
    companyId: uuid("company_id").references(() => companies.id, { onDelete: "cascade" }),
    removed: jsonb("removed").$type<Record<string, number>>().notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("cleanup_runs_job_idx").on(t.job, t.createdAt)],
);
