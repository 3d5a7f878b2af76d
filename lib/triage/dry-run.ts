// The rules page's dry run: which rule would decide this email, and why, without recording anything.
import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "../db/client";
import { emails } from "../db/schema/mail";
import { notFound } from "../errors";
import { describeEvaluation, evaluate, type TriageEmail } from "./evaluate";
import { listTriageRules } from "./rules";
import { emailDocuments, hasRealAttachment } from "./triage-email";
import type { DryRunInput, DryRunResult } from "./schemas";

export async function dryRun(db: DbOrTx, companyId: string, input: DryRunInput): Promise<DryRunResult> {
  const rules = await listTriageRules(db, companyId);
  const email = input.email_id ? await storedEmail(db, companyId, input.email_id) : pastedEmail(input);
  const e = evaluate(rules, email);
  return {
    outcome: e.outcome,
    rule: e.rule ? { id: e.rule.id, name: e.rule.name, position: e.rule.position } : null,
    reasons: e.reasons,
    skipped: e.skipped.map((s) => ({ id: s.rule.id, name: s.rule.name, failed: s.failed })),
    reason: describeEvaluation(e, rules.length),
  };
}

function pastedEmail(input: DryRunInput): TriageEmail {
  return {
    from: input.from ?? null,
    subject: input.subject ?? null,
    body: input.body ?? null,
    // A document found implies an attachment, unless the person says otherwise.
    hasAttachment: input.has_attachment ?? !!input.document_type,
    documentTypes: input.document_type ? [input.document_type] : [],
  };
}

async function storedEmail(db: DbOrTx, companyId: string, emailId: string): Promise<TriageEmail> {
  const [row] = await db.select().from(emails).where(and(eq(emails.id, emailId), eq(emails.companyId, companyId)));
  if (!row) throw notFound("emails");
  const ids = { emailId, companyId };
  const docs = await emailDocuments(db, ids);
  return {
    from: row.fromAddress,
    subject: row.subject,
    body: row.bodyText,
    hasAttachment: row.attachmentCount > 0 && (await hasRealAttachment(db, ids)),
    documentTypes: docs.map((d) => d.documentType).filter((t): t is string => !!t),
  };
}
