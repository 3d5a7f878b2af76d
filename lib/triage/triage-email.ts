// email.triage's work: decide an email's outcome with the company's rules and record it once.
import { and, eq, isNull, ne, or, sql } from "drizzle-orm";
import type { PgBoss } from "pg-boss";
import type { Db, DbOrTx } from "../db/client";
import { attachments, emails } from "../db/schema/mail";
import { documents, type DocumentCorrections } from "../db/schema/documents";
import type { ExtractedFields } from "../extract/types";
import type { Logger } from "../logger";
import { INLINE_IMAGE_REASON } from "../mail/parse";
import { describeEvaluation, evaluate, needsDocumentTypes, type TriageEmail } from "./evaluate";
import { listTriageRules } from "./rules";
import { requestAcknowledgement } from "./acknowledge";
import { emailTriageJob, type TriageOutcome } from "./schemas";

/**
 * How long triage waits for an email's documents when a rule asks for a document type. Documents
 * normally finish in minutes and each finished one sends email.triage again (documents.sweep
 * restarts stuck ones); past this, a run decides with the types known so far.
 */
export const DOCUMENT_WAIT_MS = 60 * 60 * 1000;

export type TriageResult =
  | { status: "triaged"; outcome: TriageOutcome; rule_id: string | null; reason: string }
  | { status: "waiting"; pending_documents: number }
  | { status: "skipped"; reason: "gone" | "already_triaged" };

/**
 * Decides once: the update only takes an email not yet triaged, so a repeated or concurrent run
 * records nothing more. When a rule needs document types and some of the email's documents are
 * still being processed, it waits: the last document to finish sends the job again.
 */
export async function triageEmail(deps: { db: Db; boss: PgBoss; log: Logger }, ids: { emailId: string; companyId: string }, now = new Date()): Promise<TriageResult> {
  const [email] = await deps.db.select().from(emails).where(and(eq(emails.id, ids.emailId), eq(emails.companyId, ids.companyId)));
  if (!email) return { status: "skipped", reason: "gone" };
  if (email.triagedAt) return { status: "skipped", reason: "already_triaged" };

  const rules = await listTriageRules(deps.db, ids.companyId);
  // Without rules the outcome is the default whatever the email brought: its documents and attachments are not looked up.
  const docs = rules.length ? await emailDocuments(deps.db, ids) : [];
  const pending = docs.filter((d) => d.status === "pending" || d.status === "processing").length;
  if (pending > 0 && needsDocumentTypes(rules) && now.getTime() - email.createdAt.getTime() < DOCUMENT_WAIT_MS) return { status: "waiting", pending_documents: pending };

  const input: TriageEmail = {
    from: email.fromAddress,
    subject: email.subject,
    body: email.bodyText,
    hasAttachment: rules.length > 0 && email.attachmentCount > 0 && (await hasRealAttachment(deps.db, ids)),
    documentTypes: docs.map((d) => d.documentType).filter((t): t is string => !!t),
  };
  const result = evaluate(rules, input);
  const reason = describeEvaluation(result, rules.length);
  const record = async (tx: DbOrTx) => {
    const rows = await tx
      .update(emails)
      .set({
        triageOutcome: result.outcome,
        triageRuleId: result.rule?.id ?? null,
        triageReason: reason,
        triagedAt: now,
        reviewStatus: result.outcome === "review" ? "waiting" : null,
      })
      .where(and(eq(emails.id, ids.emailId), eq(emails.companyId, ids.companyId), isNull(emails.triagedAt)))
      .returning({ id: emails.id });
    if (rows.length && result.outcome === "acknowledge") await requestAcknowledgement(tx, deps.boss, ids, now);
    return rows.length > 0;
  };
  // An acknowledgement is requested with the decision or not at all; any other decision is one statement.
  const recorded = result.outcome === "acknowledge" ? await deps.db.transaction(record) : await record(deps.db);
  if (!recorded) return { status: "skipped", reason: "already_triaged" };
  deps.log.info({ emailId: ids.emailId, outcome: result.outcome, ruleId: result.rule?.id ?? null }, "triaged");
  return { status: "triaged", outcome: result.outcome, rule_id: result.rule?.id ?? null, reason };
}

/** The documents an email brought (through its attachments: a file seen before belongs to its first email), each with its effective type. */
export async function emailDocuments(db: DbOrTx, ids: { emailId: string; companyId: string }) {
  const rows = await db
    .selectDistinct({ id: documents.id, filename: documents.filename, status: documents.status, fields: documents.fields, corrections: documents.corrections })
    .from(attachments)
    .innerJoin(documents, and(eq(documents.id, attachments.documentId), eq(documents.companyId, ids.companyId)))
    .where(and(eq(attachments.emailId, ids.emailId), eq(attachments.companyId, ids.companyId)));
  return rows.map((d) => ({ id: d.id, filename: d.filename, status: d.status, documentType: effectiveDocumentType(d) }));
}

/** A person's correction wins over what was extracted; a cleared correction (null) means no type. */
export function effectiveDocumentType(d: { fields: ExtractedFields; corrections: DocumentCorrections }): string | null {
  const corrected = d.corrections.fields?.document_type;
  const type = corrected ? corrected.value : d.fields.document_type?.value;
  return typeof type === "string" ? type : null;
}

/** The emails that brought a document and still wait for their triage decision (by attachments_document_idx). */
export function emailsWaitingOn(db: Db, ids: { documentId: string; companyId: string }) {
  return db
    .selectDistinct({ id: emails.id })
    .from(attachments)
    .innerJoin(emails, eq(emails.id, attachments.emailId))
    .where(and(eq(attachments.documentId, ids.documentId), eq(attachments.companyId, ids.companyId), eq(emails.companyId, ids.companyId), isNull(emails.triagedAt)));
}

/** Sends email.triage for the emails a finished document belongs to that still wait for their decision. */
export async function enqueueTriageAfterDocument(deps: { db: Db; boss: PgBoss }, ids: { documentId: string; companyId: string }): Promise<number> {
  const waiting = await emailsWaitingOn(deps.db, ids);
  if (!waiting.length) return 0;
  await deps.boss.insert(emailTriageJob.name, triageJobs(ids.companyId, waiting.map((e) => e.id)));
  return waiting.length;
}

function triageJobs(companyId: string, emailIds: string[]) {
  return emailIds.map((id) => ({ data: emailTriageJob.schema.parse({ email_id: id, company_id: companyId }) }));
}


/** A logo or signature image inside the body is not what people mean by "has an attachment". */
export async function hasRealAttachment(db: DbOrTx, ids: { emailId: string; companyId: string }): Promise<boolean> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(attachments)
    .where(and(eq(attachments.emailId, ids.emailId), eq(attachments.companyId, ids.companyId), or(eq(attachments.status, "document"), isNull(attachments.reason), ne(attachments.reason, INLINE_IMAGE_REASON))));
  return row.n > 0;
}
