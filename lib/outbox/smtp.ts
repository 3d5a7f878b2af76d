// One message over SMTP with nodemailer. The server's address passes the outbound policy first
// (as IMAP's does), and a refusal comes back with the server's exact answer: the person who
// configured the server needs "535 5.7.8 Authentication failed", not "it failed".
import { OutboundRefused, outboundPolicy, resolveOutbound, type Lookup, type OutboundPolicy } from "../net/outbound";
import { transportOptions, type SmtpConfig } from "./smtp-config";

export type OutgoingMessage = {
  to: string;
  subject: string;
  text: string;
  html?: string | null;
  /** Extra headers (In-Reply-To, Auto-Submitted…). */
  headers?: Record<string, string>;
};

export type SmtpAnswer = { messageId: string; response: string };

/** Why a send failed: `response` is what the server said, when it said something. */
export class SmtpFailure extends Error {
  constructor(
    message: string,
    readonly reason: "refused" | "auth" | "unreachable" | "tls" | "timeout" | "rejected" | "config",
    readonly response?: string,
    readonly permanent = false,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "SmtpFailure";
  }
}

let nodemailer: Promise<typeof import("nodemailer")> | undefined;
// Loaded on the first send: a worker that never sends mail does not carry it.
const loadNodemailer = () => (nodemailer ??= import("nodemailer"));

export type SendOptions = { policy?: OutboundPolicy; lookup?: Lookup; timeoutMs?: number };

export async function sendSmtp(cfg: SmtpConfig, msg: OutgoingMessage, opts: SendOptions = {}): Promise<SmtpAnswer> {
  let target;
  try {
    target = await resolveOutbound(cfg.host, opts.policy ?? outboundPolicy(), opts.lookup);
  } catch (err) {
    throw describeSmtpError(err, cfg);
  }
  const transport = (await loadNodemailer()).createTransport(transportOptions(cfg, target, opts.timeoutMs));
  try {
    const info = await transport.sendMail({ from: cfg.from, to: msg.to, subject: msg.subject, text: msg.text, html: msg.html ?? undefined, headers: msg.headers });
    return { messageId: info.messageId, response: info.response };
  } catch (err) {
    throw describeSmtpError(err, cfg);
  } finally {
    transport.close();
  }
}

type NodemailerError = Error & { code?: string; response?: string; responseCode?: number; command?: string };

/** nodemailer's and the network's errors in words, keeping the server's answer as it was. */
export function describeSmtpError(err: unknown, cfg: Pick<SmtpConfig, "host" | "port">): SmtpFailure {
  if (err instanceof SmtpFailure) return err;
  const where = `${cfg.host}:${cfg.port}`;
  if (err instanceof OutboundRefused) return new SmtpFailure(err.message, "refused", undefined, true, { cause: err });
  const e = err as NodemailerError;
  const response = typeof e.response === "string" ? e.response.trim() : undefined;
  const said = response ? `: the server answered "${response}"` : "";
  switch (e.code) {
    case "EAUTH":
      return new SmtpFailure(`${where} refused the user name or password${said}`, "auth", response, true, { cause: err });
    case "ENOTFOUND":
    case "EDNS":
      return new SmtpFailure(`No server named ${cfg.host} was found: check the host name`, "unreachable", undefined, false, { cause: err });
    case "ECONNREFUSED":
    case "ESOCKET":
    case "ECONNECTION":
      if (/certificate|self[- ]signed|ssl|tls|wrong version/i.test(e.message)) return new SmtpFailure(`The TLS connection to ${where} failed (${e.message}): check the security setting and the server's certificate`, "tls", response, true, { cause: err });
      return new SmtpFailure(`Nothing answered at ${where}: check the host and port`, "unreachable", response, false, { cause: err });
    case "ETIMEDOUT":
      return new SmtpFailure(`${where} did not answer in time`, "timeout", response, false, { cause: err });
    case "ETLS":
      return new SmtpFailure(`${where} does not offer STARTTLS, which this setting requires${said}`, "tls", response, true, { cause: err });
    case "EENVELOPE":
    case "EMESSAGE":
      return new SmtpFailure(`${where} did not accept the message${said}`, "rejected", response, (e.responseCode ?? 0) >= 500, { cause: err });
    default:
      return new SmtpFailure(response ? `${where} answered "${response}"` : `Sending through ${where} failed: ${e.message}`, "rejected", response, (e.responseCode ?? 0) >= 500, { cause: err });
  }
}
