import { boolean, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { companies } from "./companies";

export const workerHeartbeats = pgTable("worker_heartbeats", {
  id: text("id").primaryKey(),
  hostname: text("hostname").notNull(),
  pid: text("pid").notNull(),
  startedAt: timestamp("started_at", { withTimezone: true }).notNull().defaultNow(),
  lastSeen: timestamp("last_seen", { withTimezone: true }).notNull().defaultNow(),
  info: jsonb("info").$type<Record<string, unknown>>().notNull().default({}),
});

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
