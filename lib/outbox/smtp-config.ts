// Where Mailroom's own email goes out: the company's SMTP server when an admin set one, else the
// server-wide SMTP_URL / SMTP_FROM. The company password is encrypted like mailbox passwords.
import { eq } from "drizzle-orm";
import type SMTPTransport from "nodemailer/lib/smtp-transport";
import type { DbOrTx } from "../db/client";
import { companySmtp } from "../db/schema/notifications";
import { decryptSecret, encryptSecret, type Keyring } from "../crypto/secrets";
import { columnSecretContext } from "../crypto/rotate";
import { env } from "../env";
import type { OutboundTarget } from "../net/outbound";

/** `auto` upgrades with STARTTLS when the server offers it (an smtp:// URL); the others are the company form's choices. */
export type SmtpSecurity = "tls" | "starttls" | "none" | "auto";

export type SmtpConfig = {
  host: string;
  port: number;
  security: SmtpSecurity;
  username?: string;
  password?: string;
  from: string;
  source: "company" | "server";
};

/** `smtp://user:pass@host:587` (STARTTLS when offered) or `smtps://…:465` (TLS from the start). */
export function parseSmtpUrl(url: string, from: string | undefined): SmtpConfig {
  const u = new URL(url);
  if (u.protocol !== "smtp:" && u.protocol !== "smtps:") throw new Error(`SMTP_URL must start with smtp:// or smtps:// (got ${u.protocol}//)`);
  const tls = u.protocol === "smtps:";
  const username = u.username ? decodeURIComponent(u.username) : undefined;
  const sender = from ?? (username?.includes("@") ? username : undefined);
  if (!sender) throw new Error("SMTP_FROM is not set (the address Mailroom's emails come from)");
  return {
    host: u.hostname.replace(/^\[|\]$/g, ""),
    port: u.port ? Number(u.port) : tls ? 465 : 587,
    security: tls ? "tls" : "auto",
    username,
    password: u.password ? decodeURIComponent(u.password) : undefined,
    from: sender,
    source: "server",
  };
}

/** The server-wide settings, or null when SMTP_URL is not set. */
export function serverSmtpConfig(): SmtpConfig | null {
  return env().SMTP_URL ? parseSmtpUrl(env().SMTP_URL!, env().SMTP_FROM) : null;
}

/** The company's own server when set, else the server-wide one; null when neither is configured. */
export async function smtpConfigFor(db: DbOrTx, ring: Keyring, companyId: string): Promise<SmtpConfig | null> {
  const [row] = await db.select().from(companySmtp).where(eq(companySmtp.companyId, companyId));
  if (!row) return serverSmtpConfig();
  return {
    host: row.host,
    port: row.port,
    security: row.security,
    username: row.username ?? undefined,
    password: row.passwordEnc ? decryptSecret(ring, row.passwordEnc, passwordContext(companyId)) : undefined,
    from: row.fromAddress,
    source: "company",
  };
}

export const sealSmtpPassword = (ring: Keyring, companyId: string, password: string) => encryptSecret(ring, password, passwordContext(companyId));
const passwordContext = (companyId: string) => columnSecretContext(companySmtp.passwordEnc, companyId);

/**
 * nodemailer's options for an address already checked by the outbound policy: that address is
 * dialled, and TLS still verifies the configured name.
 */
export function transportOptions(cfg: SmtpConfig, target: OutboundTarget, timeoutMs = 20_000): SMTPTransport.Options {
  return {
    host: target.address,
    port: cfg.port,
    secure: cfg.security === "tls",
    requireTLS: cfg.security === "starttls",
    ignoreTLS: cfg.security === "none",
    tls: { servername: target.servername ?? cfg.host },
    name: new URL(env().PUBLIC_URL ?? "http://mailroom.local").hostname,
    auth: cfg.username ? { user: cfg.username, pass: cfg.password ?? "" } : undefined,
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
  };
}
