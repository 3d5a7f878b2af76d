// The company's SMTP settings page: read, save, remove, and send a test email.
import { desc, eq } from "drizzle-orm";
import { ZodError } from "zod";
import type { DbOrTx } from "../db/client";
import { companySmtp, sentEmails } from "../db/schema/notifications";
import type { Keyring } from "../crypto/secrets";
import type { SentEmailJson, SmtpSettingsInput, SmtpSettingsJson, SmtpTestResult } from "./schemas";
import { sealSmtpPassword, serverSmtpConfig, smtpConfigFor } from "./smtp-config";
import { sendSmtp, SmtpFailure, type SendOptions } from "./smtp";
import { throttleConnectionTests } from "../accounts/service";

export async function getSmtpSettings(db: DbOrTx, companyId: string): Promise<SmtpSettingsJson> {
  const [row] = await db.select().from(companySmtp).where(eq(companySmtp.companyId, companyId));
  if (row) return { source: "company", host: row.host, port: row.port, security: row.security, username: row.username, has_password: Boolean(row.passwordEnc), from_address: row.fromAddress };
  const server = safeServerConfig();
  if (!server) return { source: "none", host: null, port: null, security: null, username: null, has_password: false, from_address: null };
  return { source: "server", host: server.host, port: server.port, security: server.security, username: server.username ?? null, has_password: Boolean(server.password), from_address: server.from };
}

/** Saves the company's server. The stored password is only kept for the same destination, as a mailbox's is. */
export async function saveSmtpSettings(db: DbOrTx, ring: Keyring, companyId: string, input: SmtpSettingsInput): Promise<SmtpSettingsJson> {
  const [current] = await db.select().from(companySmtp).where(eq(companySmtp.companyId, companyId));
  let passwordEnc: string | null = null;
  if (input.password !== undefined) {
    passwordEnc = sealSmtpPassword(ring, companyId, input.password);
  } else if (current?.passwordEnc && input.username) {
    const changed = (["host", "port", "security", "username"] as const).filter((k) => (input[k] ?? null) !== current[k]);
    if (changed.length > 0) {
      throw new ZodError([{ code: "custom", path: ["password"], message: `enter the password again: it is only sent to a new ${changed.join(", ")} when you give it`, input: undefined, params: { i18n: "accounts.password_again" } }]);
    }
    passwordEnc = current.passwordEnc;
  }
  const values = { host: input.host, port: input.port, security: input.security, username: input.username ?? null, passwordEnc, fromAddress: input.from_address, updatedAt: new Date() };
  await db.insert(companySmtp).values({ companyId, ...values }).onConflictDoUpdate({ target: companySmtp.companyId, set: values });
  return getSmtpSettings(db, companyId);
}

/** Back to the server-wide SMTP_URL. */
export async function removeSmtpSettings(db: DbOrTx, companyId: string): Promise<SmtpSettingsJson> {
  await db.delete(companySmtp).where(eq(companySmtp.companyId, companyId));
  return getSmtpSettings(db, companyId);
}

/** Sends a test email now (not through the queue: the person waits for the answer) and records it. */
export async function sendTestEmail(db: DbOrTx, ring: Keyring, caller: { companyId: string; userId: string; email: string }, to: string | undefined, opts: SendOptions = {}): Promise<SmtpTestResult> {
  // A test email is a connection test: it shares their allowance, so it cannot scan a network either.
  await throttleConnectionTests(db, caller.companyId);
  const address = to ?? caller.email;
  const subject = "Mailroom test email";
  const text = "This is a test email from Mailroom. If you can read it, Mailroom can send you notifications and daily summaries.";
  const [row] = await db.insert(sentEmails).values({ companyId: caller.companyId, userId: caller.userId, kind: "test", toAddress: address, subject, text, attempts: 1 }).returning({ id: sentEmails.id });
  const record = (values: Partial<typeof sentEmails.$inferInsert>) => db.update(sentEmails).set(values).where(eq(sentEmails.id, row.id));
  const cfg = await smtpConfigFor(db, ring, caller.companyId).catch(() => null);
  if (!cfg) {
    const message = "No SMTP server is configured: fill in the form above, or set SMTP_URL and SMTP_FROM for the whole installation";
    await record({ status: "failed", lastError: message });
    return { ok: false, to: address, message, response: null };
  }
  try {
    const answer = await sendSmtp(cfg, { to: address, subject, text }, opts);
    await record({ status: "sent", sentAt: new Date(), messageId: answer.messageId });
    return { ok: true, to: address, message: `${cfg.host}:${cfg.port} accepted the test email for ${address}`, response: answer.response };
  } catch (err) {
    const failure = err instanceof SmtpFailure ? err : new SmtpFailure(`Sending failed: ${err instanceof Error ? err.message : "error"}`, "rejected");
    await record({ status: "failed", lastError: failure.message });
    return { ok: false, to: address, message: failure.message, response: failure.response ?? null };
  }
}

// A malformed SMTP_URL shows as "not configured" here; the worker names the problem when it sends.
function safeServerConfig() {
  try {
    return serverSmtpConfig();
  } catch {
    return null;
  }
}

/** The company's latest emails with their result, newest first: where a failed send shows, with the server's answer. */
export async function recentSentEmails(db: DbOrTx, companyId: string, limit = 20): Promise<SentEmailJson[]> {
  const rows = await db.select().from(sentEmails).where(eq(sentEmails.companyId, companyId)).orderBy(desc(sentEmails.createdAt)).limit(limit);
  return rows.map((r) => ({ id: r.id, kind: r.kind, to: r.toAddress, subject: r.subject, status: r.status, attempts: r.attempts, error: r.lastError, created_at: r.createdAt.toISOString(), sent_at: r.sentAt?.toISOString() ?? null }));
}
