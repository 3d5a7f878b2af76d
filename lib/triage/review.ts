// The human review queue: emails triage sent to a person, and what that person decides.
import { and, asc, desc, eq, inArray, isNotNull, isNull, ne, or, sql, type SQL } from "drizzle-orm";
import type { PgBoss } from "pg-boss";
import type { Db, DbOrTx } from "../db/client";
import { attachments, emails } from "../db/schema/mail";
import { documents } from "../db/schema/documents";
import { emailReplies, triageRules } from "../db/schema/triage";
import { sentEmails } from "../db/schema/notifications";
import { users } from "../db/schema/companies";
import { queueEmail } from "../outbox/outbox";
import { replyAddress, threadingHeaders, threadKey } from "./auto-reply-guard";
import { AppError, notFound } from "../errors";
import { isUuid } from "../accounts/service";
import type { Caller } from "../auth/users";
import { requestAcknowledgement } from "./acknowledge";
import { effectiveDocumentType } from "./triage-email";
import type { ReplyInput, ReviewActionInput, ReviewEmail, ReviewStatus } from "./schemas";

/** How many emails wait for a person: the navigation's and the daily summary's count. */
export async function countWaitingEmails(db: DbOrTx, companyId: string): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(emails).where(and(eq(emails.companyId, companyId), eq(emails.reviewStatus, "waiting")));
  return row.n;
}

/** Newest first, each with its body and documents. */
export async function listReviewEmails(db: DbOrTx, companyId: string, opts: { status: ReviewStatus; limit: number }): Promise<ReviewEmail[]> {
  return reviewEmails(db, companyId, eq(emails.reviewStatus, opts.status), opts.limit);
}

/** Emails triage or a person already dealt with (acknowledged, done, nothing to do), newest first: where an acknowledgement's fate shows. */
export async function listHandledEmails(db: DbOrTx, companyId: string, limit: number): Promise<ReviewEmail[]> {
  return reviewEmails(db, companyId, and(isNotNull(emails.triagedAt), or(isNull(emails.reviewStatus), ne(emails.reviewStatus, "waiting")))!, limit);
}

export async function getReviewEmail(db: DbOrTx, companyId: string, emailId: string): Promise<ReviewEmail> {
  const [item] = isUuid(emailId) ? await reviewEmails(db, companyId, eq(emails.id, emailId), 1) : [];
  if (!item) throw notFound("emails");
  return item;
}

async function reviewEmails(db: DbOrTx, companyId: string, where: SQL, limit: number): Promise<ReviewEmail[]> {
  const rows = await db
    .select({ email: emails, ruleName: triageRules.name })
    .from(emails)
    .leftJoin(triageRules, and(eq(triageRules.id, emails.triageRuleId), eq(triageRules.companyId, companyId)))
    .where(and(eq(emails.companyId, companyId), where))
    .orderBy(desc(emails.createdAt), desc(emails.id))
    .limit(limit);
  if (!rows.length) return [];
  const docs = await db
    .selectDistinct({ emailId: attachments.emailId, id: documents.id, filename: documents.filename, status: documents.status, fields: documents.fields, corrections: documents.corrections })
    .from(attachments)
    .innerJoin(documents, and(eq(documents.id, attachments.documentId), eq(documents.companyId, companyId)))
    .where(and(eq(attachments.companyId, companyId), inArray(attachments.emailId, rows.map((r) => r.email.id))));
  const replies = await emailRepliesOf(db, companyId, rows.map((r) => r.email.id));
  return rows.map(({ email: r, ruleName }) => ({
    id: r.id,
    from: r.fromAddress,
    subject: r.subject,
    received_at: r.sentAt ?? r.createdAt,
    body: r.bodyText,
    triage_outcome: r.triageOutcome,
    triage_reason: r.triageReason,
    triage_rule_name: ruleName,
    review_status: r.reviewStatus,
    acknowledgement_status: r.acknowledgementStatus,
    replies: replies.filter((x) => x.emailId === r.id).map(({ emailId: _, ...x }) => x),
    documents: docs
      .filter((d) => d.emailId === r.id)
      .map((d) => ({ id: d.id, filename: d.filename, status: d.status, document_type: effectiveDocumentType(d) })),
  }));
}

/**
 * `done`: the person dealt with it. `reclassify`: the person's outcome replaces triage's, with the
 * reason saying so; "acknowledge" asks for the acknowledgement (lib/triage/acknowledge.ts), and
 * "review" puts the email back in the queue.
 */
export async function actOnReviewEmail(db: Db, boss: PgBoss, caller: Caller, emailId: string, input: ReviewActionInput): Promise<ReviewEmail> {
  if (!isUuid(emailId)) throw notFound("emails");
  await db.transaction(async (tx) => {
    const [row] = await tx.select().from(emails).where(and(eq(emails.id, emailId), eq(emails.companyId, caller.companyId))).for("update");
    if (!row) throw notFound("emails");
    if (!row.triagedAt) throw new AppError("emails.not_triaged", "This email has not been triaged yet", { status: 409 });
    const ids = { emailId, companyId: caller.companyId };
    const now = new Date();
    if (input.action === "done") {
      await tx.update(emails).set({ reviewStatus: "done", reviewedAt: now, reviewedBy: caller.userId }).where(and(eq(emails.id, emailId), eq(emails.companyId, caller.companyId)));
      return;
    }
    await tx
      .update(emails)
      .set({
        triageOutcome: input.outcome,
        triageRuleId: null,
        triageReason: `reclassified by ${caller.email} as ${input.outcome}`,
        reviewStatus: input.outcome === "review" ? "waiting" : row.reviewStatus ? "done" : null,
        reviewedAt: input.outcome === "review" ? null : now,
        reviewedBy: input.outcome === "review" ? null : caller.userId,
      })
      .where(and(eq(emails.id, emailId), eq(emails.companyId, caller.companyId)));
    if (input.outcome === "acknowledge") await requestAcknowledgement(tx, boss, ids, now);
  });
  return getReviewEmail(db, caller.companyId, emailId);
}

/**
 * A person's short answer to the email, sent over SMTP in its thread (In-Reply-To, References) to
 * its Reply-To or sender, and recorded on the email.
 */
export async function replyToEmail(db: Db, boss: PgBoss, caller: Caller, emailId: string, input: ReplyInput): Promise<ReviewEmail> {
  if (!isUuid(emailId)) throw notFound("emails");
  await db.transaction(async (tx) => {
    const [row] = await tx.select().from(emails).where(and(eq(emails.id, emailId), eq(emails.companyId, caller.companyId))).for("update");
    if (!row) throw notFound("emails");
    const to = replyAddress(row);
    if (!to) throw new AppError("emails.no_sender", "This email has no sender address to reply to", { status: 422, expose: true });
    const subject = /^re:/i.test(row.subject ?? "") ? row.subject! : `Re: ${row.subject ?? ""}`.trim();
    const sentEmailId = await queueEmail(tx, boss, { companyId: caller.companyId, userId: caller.userId, kind: "reply", emailId, to, subject, text: input.text, headers: threadingHeaders(row) });
    await tx.insert(emailReplies).values({ companyId: caller.companyId, emailId, accountId: row.accountId, kind: "reply", status: "sent", sentEmailId, toAddress: to, threadKey: threadKey(row), userId: caller.userId });
  });
  return getReviewEmail(db, caller.companyId, emailId);
}

/** Each email's replies with their delivery, oldest first. */
async function emailRepliesOf(db: DbOrTx, companyId: string, emailIds: string[]) {
  if (!emailIds.length) return [];
  const rows = await db
    .select({ r: emailReplies, delivery: sentEmails.status, error: sentEmails.lastError, by: users.email })
    .from(emailReplies)
    .leftJoin(sentEmails, and(eq(sentEmails.id, emailReplies.sentEmailId), eq(sentEmails.companyId, companyId)))
    .leftJoin(users, and(eq(users.id, emailReplies.userId), eq(users.companyId, companyId)))
    .where(and(eq(emailReplies.companyId, companyId), inArray(emailReplies.emailId, emailIds)))
    .orderBy(asc(emailReplies.createdAt));
  return rows.map(({ r, delivery, error, by }) => ({ emailId: r.emailId, kind: r.kind, status: r.status, reason: r.reason, to: r.toAddress, delivery, delivery_error: error, by, created_at: r.createdAt }));
}
