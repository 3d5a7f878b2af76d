import { integer, pgTable, text, timestamp, uuid, uniqueIndex, index } from "drizzle-orm/pg-core";
import { LOCALES } from "../../i18n/locales";

export const companies = pgTable("companies", {
  id: uuid("id").primaryKey().defaultRandom(),
  name: text("name").notNull(),
  // IANA zone the company's schedules (the 08:00 summary, the 01:00 clean-up) run in.
  timeZone: text("time_zone").notNull().default("UTC"),
  // Days stored files and raw messages are kept; 0 keeps them forever.
  retentionDays: integer("retention_days").notNull().default(30),
  // ISO 4217; what a document is in when nothing on it names a currency. Null: no default.
  defaultCurrency: text("default_currency"),
  // An admin stopped fetching for every mailbox of the company (lib/ops/flags.ts); null: fetching runs.
  fetchingPausedAt: timestamp("fetching_paused_at", { withTimezone: true }),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

export const users = pgTable(
  "users",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    companyId: uuid("company_id").notNull().references(() => companies.id, { onDelete: "cascade" }),
    email: text("email").notNull(),
    name: text("name"),
    passwordHash: text("password_hash").notNull(),
    role: text("role", { enum: ["admin", "member"] }).notNull().default("member"),
    // A disabled person cannot sign in, and their sessions and tokens stop working.
    disabledAt: timestamp("disabled_at", { withTimezone: true }),
    // Every session carries the version it was issued under; raising it ends them all (password change, disable).
    sessionVersion: integer("session_version").notNull().default(0),
    // The language the person chose; null follows their browser.
    locale: text("locale", { enum: LOCALES }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("users_email_key").on(t.email), index("users_company_idx").on(t.companyId)],
);

export const apiTokens = pgTable(
  "api_tokens",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    companyId: uuid("company_id").notNull().references(() => companies.id, { onDelete: "cascade" }),
    userId: uuid("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    tokenHash: text("token_hash").notNull(),
    prefix: text("prefix").notNull(),
    lastUsedAt: timestamp("last_used_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("api_tokens_hash_key").on(t.tokenHash), index("api_tokens_company_idx").on(t.companyId)],
);
