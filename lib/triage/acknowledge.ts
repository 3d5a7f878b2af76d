// The seam between triage and auto-acknowledgement (issue 16, part 2).
import { and, eq, isNull } from "drizzle-orm";
import type { DbOrTx } from "../db/client";
import { emails } from "../db/schema/mail";

/**
 * Called in the transaction that records an "acknowledge" outcome (by a rule or by a person's
 * reclassification). For now it only records that an acknowledgement is pending: part 2 sends it
 * (RFC 3834-safe auto-reply over SMTP) and moves the status on. Nothing is sent here. An email is
 * acknowledged at most once: one already requested keeps its status.
 */
export async function requestAcknowledgement(tx: DbOrTx, ids: { emailId: string; companyId: string }): Promise<void> {
  await tx
    .update(emails)
    .set({ acknowledgementStatus: "pending" })
    .where(and(eq(emails.id, ids.emailId), eq(emails.companyId, ids.companyId), isNull(emails.acknowledgementStatus)));
}
