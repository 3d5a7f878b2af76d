import { sql } from "drizzle-orm";
import { bigint, boolean, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { ACCOUNT_STATUSES, FETCH_RUN_STATUSES } from "../../accounts/schemas";
import { companies, users } from "./companies";

export type AccountFilters = {
  from?: string[];
  subject?: string[];
  filename_include?: string[];
  filename_exclude?: string[];
  max_age_days?: number | null;
};

export const mailAccounts = pgTable(
  "mail_accounts",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    companyId: uuid("company_id").notNull().references(() => companies.id, { onDelete: "cascade" }),
    provider: text("provider", { enum: ["imap", "gmail"] }).notNull().default("imap"),
    email: text("email").notNull(),
    host: text("host"),
    port: integer("port"),
    security: text("security", { enum: ["tls", "starttls", "none"] }).notNull().default("tls"),
    username: text("username"),
    // AES-256-GCM envelope from lib/crypto; never leaves the server. IMAP: the password; Gmail: the OAuth tokens as JSON.
    secretEnc: text("secret_enc"),
    // Gmail: where incremental sync (users.history.list) resumes; null until the first full sync completes.
    gmailHistoryId: text("gmail_history_id"),
    // Gmail: the next page of the first (or an expired-history) sync, so a long first sync resumes where it stopped.
    gmailSyncPageToken: text("gmail_sync_page_token"),
    // Who connected (or last reconnected) an OAuth mailbox: the person told when the grant is revoked.
    connectedBy: uuid("connected_by").references(() => users.id, { onDelete: "set null" }),
    folders: text("folders").array().notNull().default(["INBOX"]),
    fetchInterval: integer("fetch_interval").notNull().default(300),
    autoFetch: boolean("auto_fetch").notNull().default(true),
    // Opt-in: mail triaged "acknowledge" gets an RFC 3834-safe automatic reply (lib/triage/acknowledge.ts).
    autoAcknowledge: boolean("auto_acknowledge").notNull().default(false),
    filters: jsonb("filters").$type<AccountFilters>().notNull().default({}),
    postAction: text("post_action", { enum: ["none", "mark_read", "flag", "move"] }).notNull().default("none"),
    postActionFolder: text("post_action_folder"),
    // "unchecked" until the first test or fetch succeeds; createAccount sets it (the column default is older).
    status: text("status", { enum: ACCOUNT_STATUSES })
      .notNull()
      .default("ok"),
    lastFetchAt: timestamp("last_fetch_at", { withTimezone: true }),
    lastError: text("last_error"),
    // lastError's kind, one of ACCOUNT_ERROR_CODES (lib/accounts/schemas.ts): what the pages say in the reader's language.
    lastErrorCode: text("last_error_code"),
    failureCount: integer("failure_count").notNull().default(0),
    // Set after failures so a wrong password backs off instead of retrying every minute.
    retryAfter: timestamp("retry_after", { withTimezone: true }),
    // An admin stopped fetching this mailbox (lib/ops/flags.ts): not scheduled, and a running fetch stops between messages.
    fetchingPausedAt: timestamp("fetching_paused_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("mail_accounts_company_idx").on(t.companyId),
    // One Gmail account per address per company: connecting it again reconnects it.
    uniqueIndex("mail_accounts_company_gmail_key").on(t.companyId, sql`lower(${t.email})`).where(sql`${t.provider} = 'gmail'`),
  ],
);

/** A Gmail connect in flight: random, bound to the person and company, single-use, short-lived. Only its hash is kept. */
export const oauthStates = pgTable(
  "oauth_states",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    stateHash: text("state_hash").notNull(),
    provider: text("provider", { enum: ["gmail"] }).notNull(),
    companyId: uuid("company_id").notNull().references(() => companies.id, { onDelete: "cascade" }),
    userId: uuid("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    usedAt: timestamp("used_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("oauth_states_hash_key").on(t.stateHash), index("oauth_states_expires_idx").on(t.expiresAt)],
);

export const mailFolders = pgTable(
  "mail_folders",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    accountId: uuid("account_id").notNull().references(() => mailAccounts.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    uidValidity: bigint("uid_validity", { mode: "number" }),
    lastUid: bigint("last_uid", { mode: "number" }).notNull().default(0),
    highestModseq: text("highest_modseq"),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("mail_folders_account_name_key").on(t.accountId, t.name)],
);

export const fetchRuns = pgTable(
  "fetch_runs",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    companyId: uuid("company_id").notNull().references(() => companies.id, { onDelete: "cascade" }),
    accountId: uuid("account_id").notNull().references(() => mailAccounts.id, { onDelete: "cascade" }),
    status: text("status", { enum: FETCH_RUN_STATUSES }).notNull().default("running"),
    messages: integer("messages").notNull().default(0),
    documents: integer("documents").notNull().default(0),
    // Messages left on the server, over MAX_MESSAGE_MB: listed in skipped_messages.
    skipped: integer("skipped").notNull().default(0),
    error: text("error"),
    // The error's kind (an ACCOUNT_ERROR_CODES value): mailroom_fetch_errors_total{reason}.
    errorCode: text("error_code"),
    startedAt: timestamp("started_at", { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
  },
  (t) => [index("fetch_runs_account_idx").on(t.accountId, t.startedAt)],
);

/**
 * Who is fetching a mailbox now (lib/mail/fetch-lease.ts): one holder at a time across every worker,
 * taken over only once `expires_at` has passed. Stores check it inside their transactions.
 */
export const fetchLeases = pgTable("fetch_leases", {
  accountId: uuid("account_id").primaryKey().references(() => mailAccounts.id, { onDelete: "cascade" }),
  holder: text("holder").notNull(),
  expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
  acquiredAt: timestamp("acquired_at", { withTimezone: true }).notNull().defaultNow(),
});
