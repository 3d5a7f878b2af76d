// Every email Mailroom sends goes through here: a sent_emails row and an `email.send` job are
// written in one transaction, the job sends it. A crash between the two sends nothing twice
// except in the narrow window after the server accepted and before the row says so (SMTP has no
// way to ask "did you get this?"); the row then still records one email.
import { and, eq } from "drizzle-orm";
import type { PgBoss } from "pg-boss";
import type { Db, DbOrTx } from "../db/client";
import { sentEmails } from "../db/schema/notifications";
import type { Keyring } from "../crypto/secrets";
import type { Logger } from "../logger";
import { enqueue } from "../queue";
import { emailSendJob } from "./schemas";
import { smtpConfigFor } from "./smtp-config";
import { sendSmtp, SmtpFailure, type OutgoingMessage, type SendOptions } from "./smtp";

/** `emailId`: the received email this one answers; `headers` (In-Reply-To, Auto-Submitted…) go out with it. */
export type QueuedEmail = OutgoingMessage & { companyId: string; userId?: string | null; kind: string; emailId?: string | null };

/** Records the email and enqueues its sending in `db`'s transaction: both exist or neither. */
export async function queueEmail(db: DbOrTx, boss: PgBoss, email: QueuedEmail): Promise<string> {
  const [row] = await db
    .insert(sentEmails)
    .values({ companyId: email.companyId, userId: email.userId ?? null, kind: email.kind, toAddress: email.to, subject: email.subject, text: email.text, html: email.html ?? null, headers: email.headers ?? {}, emailId: email.emailId ?? null })
    .returning({ id: sentEmails.id });
  await enqueue(boss, emailSendJob, { email_id: row.id, company_id: email.companyId }, { db, singletonKey: row.id });
  return row.id;
}

export type DeliverDeps = { db: Db; keyring: Keyring; log: Logger; smtp?: SendOptions };
export type DeliverOutcome = { status: "sent" | "failed" | "skipped"; response?: string; error?: string };

/**
 * Sends one recorded email. A refusal that will not change (wrong password, address refused)
 * fails at once; anything else is thrown for pg-boss to retry, and recorded as failed on the last try.
 */
export async function deliverEmail(deps: DeliverDeps, ids: { emailId: string; companyId: string }, attempt: { final: boolean }): Promise<DeliverOutcome> {
  const where = and(eq(sentEmails.id, ids.emailId), eq(sentEmails.companyId, ids.companyId));
  const [row] = await deps.db.select().from(sentEmails).where(where);
  if (!row || row.status !== "pending") return { status: "skipped" };
  await deps.db.update(sentEmails).set({ attempts: row.attempts + 1 }).where(where);
  try {
    const cfg = await smtpConfigFor(deps.db, deps.keyring, ids.companyId);
    if (!cfg) throw new SmtpFailure("No SMTP server is configured: set SMTP_URL and SMTP_FROM, or the company's SMTP settings", "config", undefined, true);
    const answer = await sendSmtp(cfg, { to: row.toAddress, subject: row.subject, text: row.text, html: row.html, headers: row.headers }, deps.smtp);
    await deps.db.update(sentEmails).set({ status: "sent", sentAt: new Date(), messageId: answer.messageId, lastError: null, html: null }).where(where);
    return { status: "sent", response: answer.response };
  } catch (err) {
    const failure = err instanceof SmtpFailure ? err : undefined;
    const message = failure?.message ?? `Sending failed: ${err instanceof Error ? err.name : "error"}`;
    const final = attempt.final || failure?.permanent === true;
    await deps.db.update(sentEmails).set({ lastError: message, ...(final ? { status: "failed" as const } : {}) }).where(where);
    deps.log.warn({ emailId: row.id, kind: row.kind, err }, final ? "email not sent" : "email not sent yet; will retry");
    if (final) return { status: "failed", error: message };
    throw err;
  }
}
