import { sql } from "drizzle-orm";
import { index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { companies, users } from "./companies";
import { mailAccounts } from "./accounts";
import { emails } from "./mail";
import { sentEmails } from "./notifications";
import { REPLY_KINDS, REPLY_STATUSES, TRIAGE_OUTCOMES, type TriageConditions } from "../../triage/schemas";

/** Ordered per company: the first rule whose conditions all hold decides what happens to an email. */
export const triageRules = pgTable(
  "triage_rules",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    companyId: uuid("company_id").notNull().references(() => companies.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    position: integer("position").notNull(),
    conditions: jsonb("conditions").$type<TriageConditions>().notNull().default({}),
    outcome: text("outcome", { enum: TRIAGE_OUTCOMES }).notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("triage_rules_company_idx").on(t.companyId, t.position)],
);

/**
 * Every reply decided for a received email: an acknowledgement sent or skipped (with why), or a
 * person's reply. At most one acknowledgement per email: the unique index makes a retry or a second
 * worker fail instead of sending twice.
 */
export const emailReplies = pgTable(
  "email_replies",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    companyId: uuid("company_id").notNull().references(() => companies.id, { onDelete: "cascade" }),
    emailId: uuid("email_id").notNull().references(() => emails.id, { onDelete: "cascade" }),
    accountId: uuid("account_id").notNull().references(() => mailAccounts.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: REPLY_KINDS }).notNull(),
    status: text("status", { enum: REPLY_STATUSES }).notNull(),
    // Why not sent: one of SKIP_REASONS (lib/triage/auto-reply-guard.ts).
    reason: text("reason"),
    sentEmailId: uuid("sent_email_id").references(() => sentEmails.id, { onDelete: "set null" }),
    // Lower-cased address answered (or that would have been): the per-sender window looks it up.
    toAddress: text("to_address"),
    // The thread's first Message-ID: one acknowledgement per thread.
    threadKey: text("thread_key"),
    userId: uuid("user_id").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("email_replies_auto_ack_key").on(t.emailId).where(sql`${t.kind} = 'auto_ack'`),
    index("email_replies_account_idx").on(t.accountId, t.kind, t.status, t.createdAt),
    index("email_replies_email_idx").on(t.emailId),
  ],
);

/** The company's acknowledgement: its template and limits. No row: the defaults (lib/triage/ack-template.ts). */
export const companyAutoReply = pgTable("company_auto_reply", {
  companyId: uuid("company_id")
    .primaryKey()
    .references(() => companies.id, { onDelete: "cascade" }),
  subject: text("subject").notNull(),
  html: text("html").notNull(),
  text: text("text").notNull(),
  windowHours: integer("window_hours").notNull().default(24),
  maxPerHour: integer("max_per_hour").notNull().default(20),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});
