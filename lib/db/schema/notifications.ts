import { boolean, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { companies, users } from "./companies";
import { emails } from "./mail";

export const SMTP_SECURITY = ["tls", "starttls", "none"] as const;

/** A company's own SMTP server, used instead of SMTP_URL when set. The password is encrypted like mailbox passwords. */
export const companySmtp = pgTable("company_smtp", {
  companyId: uuid("company_id")
    .primaryKey()
    .references(() => companies.id, { onDelete: "cascade" }),
  host: text("host").notNull(),
  port: integer("port").notNull(),
  security: text("security", { enum: SMTP_SECURITY }).notNull(),
  username: text("username"),
  passwordEnc: text("password_enc"),
  fromAddress: text("from_address").notNull(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

export const SENT_EMAIL_STATUSES = ["pending", "sent", "failed"] as const;

/** Every email Mailroom sends: recorded before sending, so a crash or a refusal leaves a trace and a retry. */
export const sentEmails = pgTable(
  "sent_emails",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    companyId: uuid("company_id")
      .notNull()
      .references(() => companies.id, { onDelete: "cascade" }),
    userId: uuid("user_id").references(() => users.id, { onDelete: "set null" }),
    kind: text("kind").notNull(),
    toAddress: text("to_address").notNull(),
    subject: text("subject").notNull(),
    // The message itself, kept until it is sent so a retry sends the same thing.
    html: text("html"),
    text: text("text").notNull(),
    status: text("status", { enum: SENT_EMAIL_STATUSES }).notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    lastError: text("last_error"),
    messageId: text("message_id"),
    // Extra headers sent with it (In-Reply-To, References, Auto-Submitted…), kept so a retry sends the same.
    headers: jsonb("headers").$type<Record<string, string>>().notNull().default({}),
    // The received email this one answers (an acknowledgement or a person's reply).
    emailId: uuid("email_id").references(() => emails.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    sentAt: timestamp("sent_at", { withTimezone: true }),
  },
  (t) => [index("sent_emails_company_created_idx").on(t.companyId, t.createdAt)],
);

/** In-app notifications, one row per person. `data` carries the numbers, so the page words them in the reader's language. */
export const notifications = pgTable(
  "notifications",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    companyId: uuid("company_id")
      .notNull()
      .references(() => companies.id, { onDelete: "cascade" }),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    event: text("event").notNull(),
    data: jsonb("data").$type<Record<string, string | number | null>>().notNull().default({}),
    link: text("link"),
    readAt: timestamp("read_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("notifications_user_idx").on(t.userId, t.createdAt), index("notifications_read_idx").on(t.readAt)],
);

export const NOTIFICATION_CHANNELS = ["in_app", "email", "none"] as const;

/** What a person chose per event; a missing row takes the event's default. */
export const notificationPreferences = pgTable(
  "notification_preferences",
  {
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    event: text("event").notNull(),
    channel: text("channel", { enum: NOTIFICATION_CHANNELS }).notNull(),
    // Daily summary only: whether a day with nothing new still sends a one-line email.
    whenEmpty: boolean("when_empty"),
  },
  (t) => [primaryKey({ columns: [t.userId, t.event] })],
);
