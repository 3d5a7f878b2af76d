import { sql } from "drizzle-orm";
import { bigint, check, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { companies } from "./companies";
import { mailAccounts } from "./accounts";
import { users } from "./companies";
import { triageRules } from "./triage";
import { ACKNOWLEDGEMENT_STATUSES, REVIEW_STATUSES, TRIAGE_OUTCOMES, type ReplyHeaders } from "../../triage/schemas";

export const STORAGE_TYPES = ["local", "s3"] as const;

export const emails = pgTable(
  "emails",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    companyId: uuid("company_id").notNull().references(() => companies.id, { onDelete: "cascade" }),
    accountId: uuid("account_id").notNull().references(() => mailAccounts.id, { onDelete: "cascade" }),
    folder: text("folder").notNull(),
    // IMAP's place of the message; null for Gmail mail, which has provider_message_id instead (the check says one of them).
    uidValidity: bigint("uid_validity", { mode: "number" }),
    uid: bigint("uid", { mode: "number" }),
    messageId: text("message_id"),
    // Gmail's message id; null for IMAP mail, which is unique on (account, folder, uidvalidity, uid) instead.
    providerMessageId: text("provider_message_id"),
    fromAddress: text("from_address"),
    toAddress: text("to_address"),
    subject: text("subject"),
    sentAt: timestamp("sent_at", { withTimezone: true }),
    size: integer("size").notNull(),
    rawSha256: text("raw_sha256").notNull(),
    rawKey: text("raw_key").notNull(),
    storageType: text("storage_type", { enum: STORAGE_TYPES }).notNull(),
    status: text("status", { enum: ["stored", "parse_error"] }).notNull().default("stored"),
    error: text("error"),
    attachmentCount: integer("attachment_count").notNull().default(0),
    // The plain-text body (capped), for triage's body keywords and the review queue; kept when the raw file is removed.
    bodyText: text("body_text"),
    // Threading and RFC 3834 headers for replies; {} for mail stored before they were kept.
    replyHeaders: jsonb("reply_headers").$type<ReplyHeaders>().notNull().default({}),
    // Triage (lib/triage): null until email.triage decided; a person's reclassification overwrites it.
    triageOutcome: text("triage_outcome", { enum: TRIAGE_OUTCOMES }),
    triageRuleId: uuid("triage_rule_id").references(() => triageRules.id, { onDelete: "set null" }),
    // Why, in words ("matched rule X: subject contains 'invoice'"), kept even if the rule is deleted or changed.
    triageReason: text("triage_reason"),
    triagedAt: timestamp("triaged_at", { withTimezone: true }),
    reviewStatus: text("review_status", { enum: REVIEW_STATUSES }),
    reviewedAt: timestamp("reviewed_at", { withTimezone: true }),
    reviewedBy: uuid("reviewed_by").references(() => users.id, { onDelete: "set null" }),
    // Set by lib/triage/acknowledge.ts: pending, then sent or skipped (email_replies holds the decision and its reason).
    acknowledgementStatus: text("acknowledgement_status", { enum: ACKNOWLEDGEMENT_STATUSES }),
    // Set when retention deleted the raw message; the row, its headers and attachments' records stay.
    rawRemovedAt: timestamp("raw_removed_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("emails_account_folder_uid_key").on(t.accountId, t.folder, t.uidValidity, t.uid),
    uniqueIndex("emails_account_provider_message_key").on(t.accountId, t.providerMessageId),
    check("emails_source_check", sql`${t.providerMessageId} is not null or (${t.uid} is not null and ${t.uidValidity} is not null)`),
    index("emails_account_raw_idx").on(t.accountId, t.folder, t.rawSha256),
    index("emails_company_idx").on(t.companyId, t.createdAt),
    index("emails_company_review_idx").on(t.companyId, t.reviewStatus, t.createdAt),
  ],
);

export const attachments = pgTable(
  "attachments",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    companyId: uuid("company_id").notNull().references(() => companies.id, { onDelete: "cascade" }),
    emailId: uuid("email_id").notNull().references(() => emails.id, { onDelete: "cascade" }),
    filename: text("filename").notNull(),
    declaredType: text("declared_type"),
    contentType: text("content_type"),
    size: integer("size").notNull(),
    sha256: text("sha256"),
    status: text("status", { enum: ["document", "skipped"] }).notNull(),
    reason: text("reason"),
    documentId: uuid("document_id"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  // By document too: processing a document triages the emails that brought it, and deleting one unlinks them.
  (t) => [index("attachments_email_idx").on(t.emailId), index("attachments_document_idx").on(t.documentId).where(sql`${t.documentId} is not null`)],
);

/** Messages left on the server without downloading them (over MAX_MESSAGE_MB), so people see what was not read and why. */
export const skippedMessages = pgTable(
  "skipped_messages",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    companyId: uuid("company_id").notNull().references(() => companies.id, { onDelete: "cascade" }),
    accountId: uuid("account_id").notNull().references(() => mailAccounts.id, { onDelete: "cascade" }),
    folder: text("folder").notNull(),
    // IMAP's place of the message, or (for Gmail) its Gmail id: the check says one of them.
    uidValidity: bigint("uid_validity", { mode: "number" }),
    uid: bigint("uid", { mode: "number" }),
    providerMessageId: text("provider_message_id"),
    fromAddress: text("from_address"),
    subject: text("subject"),
    sentAt: timestamp("sent_at", { withTimezone: true }),
    size: bigint("size", { mode: "number" }).notNull(),
    reason: text("reason").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("skipped_messages_account_folder_uid_key").on(t.accountId, t.folder, t.uidValidity, t.uid),
    uniqueIndex("skipped_messages_account_provider_message_key").on(t.accountId, t.providerMessageId),
    check("skipped_messages_source_check", sql`${t.providerMessageId} is not null or (${t.uid} is not null and ${t.uidValidity} is not null)`),
    index("skipped_messages_account_idx").on(t.accountId, t.createdAt),
  ],
);
