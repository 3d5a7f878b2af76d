// Auto-acknowledgement: decided once per email, inside the transaction that records the "acknowledge"
// outcome, and sent through the outbox (a sent_emails row and its email.send job in that same
// transaction). A retry, a second worker or a crash can therefore never send two: the decision, the
// email to send and its job are committed together or not at all, and email_replies is unique per
// email for acknowledgements.
import { and, eq, sql } from "drizzle-orm";
import type { PgBoss } from "pg-boss";
import type { DbOrTx } from "../db/client";
import { attachments, emails } from "../db/schema/mail";
import { mailAccounts } from "../db/schema/accounts";
import { users } from "../db/schema/companies";
import { companyAutoReply, emailReplies } from "../db/schema/triage";
import { companySmtp } from "../db/schema/notifications";
import { queueEmail } from "../outbox/outbox";
import { serverSmtpConfig } from "../outbox/smtp-config";
import { isLocale } from "../i18n/locales";
import { ackReference, defaultAckTemplate, DEFAULT_MAX_PER_HOUR, DEFAULT_WINDOW_HOURS, renderAck, type AckTemplate } from "./ack-template";
import { decideAutoReply, replyAddress, threadingHeaders, threadKey, type GuardDecision } from "./auto-reply-guard";

// What mail clients and other responders look for in an automatic reply: RFC 3834's
// Auto-Submitted, Exchange's X-Auto-Response-Suppress, and Precedence: bulk, which vacation
// responders (ours included) never answer, so two auto-responders cannot loop.
export const AUTO_REPLY_HEADERS = { "Auto-Submitted": "auto-replied", "X-Auto-Response-Suppress": "All", Precedence: "bulk" } as const;

export type AckSettings = AckTemplate & { windowHours: number; maxPerHour: number };

/**
 * Called in the transaction that records an "acknowledge" outcome (by a rule or by a person's
 * reclassification). An email is acknowledged at most once: one already requested keeps its status.
 * The decision (sent, or skipped with its reason) is recorded in email_replies.
 */
export async function requestAcknowledgement(tx: DbOrTx, boss: PgBoss, ids: { emailId: string; companyId: string }, now = new Date()): Promise<GuardDecision | null> {
  const claimed = await tx
    .update(emails)
    .set({ acknowledgementStatus: "pending" })
    .where(and(eq(emails.id, ids.emailId), eq(emails.companyId, ids.companyId), sql`${emails.acknowledgementStatus} is null`))
    .returning();
  const email = claimed[0];
  if (!email) return null;
  const [account] = await tx.select().from(mailAccounts).where(and(eq(mailAccounts.id, email.accountId), eq(mailAccounts.companyId, ids.companyId)));
  // Serializes acknowledgements per account: the window, thread and hourly counts below stay true until commit.
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext('auto_ack'), hashtext(${email.accountId}))`);
  const settings = await ackSettings(tx, ids.companyId);
  const thread = threadKey(email);
  const decision = decideAutoReply({
    email,
    enabled: account?.autoAcknowledge === true,
    ownAddresses: [account?.email, await smtpFromAddress(tx, ids.companyId)],
    history: await replyHistory(tx, { accountId: email.accountId, thread, now, windowHours: settings.windowHours, to: replyAddress(email) }),
    maxPerHour: settings.maxPerHour,
  });
  const record = { companyId: ids.companyId, emailId: email.id, accountId: email.accountId, kind: "auto_ack" as const, threadKey: thread, createdAt: now };
  if (!decision.send) {
    await tx.insert(emailReplies).values({ ...record, status: "skipped", reason: decision.reason, toAddress: replyAddress(email) });
    await tx.update(emails).set({ acknowledgementStatus: "skipped" }).where(eq(emails.id, email.id));
    return decision;
  }
  const message = renderAck(settings, {
    sender_name: email.replyHeaders.from_name || decision.to,
    subject: email.subject ?? "",
    document_count: await documentCount(tx, ids),
    reference: ackReference(email.id),
  });
  const sentEmailId = await queueEmail(tx, boss, {
    companyId: ids.companyId,
    kind: "auto_ack",
    emailId: email.id,
    to: decision.to,
    ...message,
    headers: { ...threadingHeaders(email), ...AUTO_REPLY_HEADERS },
  });
  await tx.insert(emailReplies).values({ ...record, status: "sent", sentEmailId, toAddress: decision.to });
  await tx.update(emails).set({ acknowledgementStatus: "sent" }).where(eq(emails.id, email.id));
  return decision;
}

/** The company's template and limits, or the defaults in the language of its first admin. */
export async function ackSettings(db: DbOrTx, companyId: string): Promise<AckSettings> {
  const [row] = await db.select().from(companyAutoReply).where(eq(companyAutoReply.companyId, companyId));
  if (row) return { subject: row.subject, html: row.html, text: row.text, windowHours: row.windowHours, maxPerHour: row.maxPerHour };
  return { ...defaultAckTemplate(await companyLocale(db, companyId)), windowHours: DEFAULT_WINDOW_HOURS, maxPerHour: DEFAULT_MAX_PER_HOUR };
}

export async function companyLocale(db: DbOrTx, companyId: string) {
  const [admin] = await db.select({ locale: users.locale }).from(users).where(and(eq(users.companyId, companyId), eq(users.role, "admin"))).orderBy(users.createdAt).limit(1);
  return isLocale(admin?.locale) ? admin.locale : "en";
}

async function replyHistory(tx: DbOrTx, q: { accountId: string; thread: string | null; now: Date; windowHours: number; to: string | null }) {
  const sent = and(eq(emailReplies.accountId, q.accountId), eq(emailReplies.kind, "auto_ack"), eq(emailReplies.status, "sent"));
  // Raw sql() parameters are not mapped by the column, so the times go as ISO text.
  const hourAgo = new Date(q.now.getTime() - 3600_000).toISOString();
  const windowStart = new Date(q.now.getTime() - q.windowHours * 3600_000).toISOString();
  const [row] = await tx
    .select({
      lastHour: sql<number>`count(*) filter (where ${emailReplies.createdAt} > ${hourAgo}::timestamptz)::int`,
      toSender: q.to ? sql<number>`count(*) filter (where ${emailReplies.toAddress} = ${q.to} and ${emailReplies.createdAt} > ${windowStart}::timestamptz)::int` : sql<number>`0`,
      inThread: q.thread ? sql<number>`count(*) filter (where ${emailReplies.threadKey} = ${q.thread})::int` : sql<number>`0`,
    })
    .from(emailReplies)
    .where(sent);
  return { sentLastHour: row.lastHour, sentToSenderInWindow: row.toSender > 0, sentInThread: row.inThread > 0 };
}

async function smtpFromAddress(tx: DbOrTx, companyId: string): Promise<string | null> {
  const [row] = await tx.select({ from: companySmtp.fromAddress }).from(companySmtp).where(eq(companySmtp.companyId, companyId));
  if (row) return row.from;
  try {
    return serverSmtpConfig()?.from ?? null;
  } catch {
    return null;
  }
}

async function documentCount(tx: DbOrTx, ids: { emailId: string; companyId: string }): Promise<number> {
  const [row] = await tx
    .select({ n: sql<number>`count(distinct ${attachments.documentId})::int` })
    .from(attachments)
    .where(and(eq(attachments.emailId, ids.emailId), eq(attachments.companyId, ids.companyId), eq(attachments.status, "document")));
  return row.n;
}
