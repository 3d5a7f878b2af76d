import { ImapFlow } from "imapflow";
import { OutboundRefused, outboundPolicy, resolveOutbound, type Lookup, type OutboundPolicy, type OutboundTarget } from "../net/outbound";

export type ImapConfig = {
  host: string;
  port: number;
  security: "tls" | "starttls" | "none";
  username: string;
  password: string;
};

export type ImapFailureKind = "dns" | "refused" | "timeout" | "tls" | "login" | "folder" | "protocol" | "blocked" | "secret";

/** A connection failure in words a person can act on, with the account status it implies. */
export class ImapFailure extends Error {
  constructor(
    readonly kind: ImapFailureKind,
    message: string,
    readonly status: "auth_error" | "unreachable",
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "ImapFailure";
  }
}

const TIMEOUT_MS = 15_000;

/** A client for an address already checked by resolveOutbound; TLS still verifies the configured name. */
export function createImapClient(cfg: ImapConfig, target: OutboundTarget): ImapFlow {
  const client = new ImapFlow({
    host: target.address,
    ...(target.servername ? { servername: target.servername } : {}),
    port: cfg.port,
    secure: cfg.security === "tls",
    doSTARTTLS: cfg.security === "starttls" ? true : cfg.security === "none" ? false : undefined,
    auth: { user: cfg.username, pass: cfg.password },
    logger: false,
    connectionTimeout: TIMEOUT_MS,
    greetingTimeout: TIMEOUT_MS,
    socketTimeout: 120_000,
    disableAutoIdle: true,
  });
  // A dropped socket emits 'error'; the pending command rejects too, so this only keeps the process up.
  client.on("error", () => {});
  return client;
}

export type ConnectOptions = { policy?: OutboundPolicy; lookup?: Lookup };

/**
 * Connects and logs in, turning every failure into an ImapFailure that says what went wrong.
 * The address is checked against the outbound policy first, and that checked address is the one dialled.
 */
export async function connectImap(cfg: ImapConfig, opts: ConnectOptions = {}): Promise<ImapFlow> {
  let target: OutboundTarget;
  try {
    target = await resolveOutbound(cfg.host, opts.policy ?? outboundPolicy(), opts.lookup);
  } catch (err) {
    throw describeImapError(err, cfg);
  }
  const client = createImapClient(cfg, target);
  try {
    await client.connect();
    return client;
  } catch (err) {
    client.close();
    throw describeImapError(err, cfg);
  }
}

/** Opens each folder read-only to prove it exists. */
export async function checkFolders(client: ImapFlow, folders: string[]): Promise<void> {
  for (const folder of folders) {
    try {
      await client.mailboxOpen(folder, { readOnly: true });
    } catch (err) {
      throw describeImapError(err, undefined, folder);
    }
  }
}

/**
 * A failure in Mailroom's own words: never the server's text, which could be anything a host
 * chose to answer (another service's banner, an internal page). The original stays as `cause`, for the log.
 */
export function describeImapError(err: unknown, cfg?: Pick<ImapConfig, "host" | "port">, folder?: string): ImapFailure {
  if (err instanceof ImapFailure) return err;
  if (err instanceof OutboundRefused) return new ImapFailure("blocked", err.message, "unreachable", { cause: err });
  const e = err as { code?: string; message?: string; authenticationFailed?: boolean; mailboxMissing?: boolean };
  const where = cfg ? `${cfg.host}:${cfg.port}` : "the server";
  const code = e?.code ?? "";
  const message = e?.message ?? "";
  if (e?.authenticationFailed) {
    return new ImapFailure("login", "Login failed: the server rejected the username or password. Check them, or use an app password if the provider asks for one", "auth_error", { cause: err });
  }
  if (e?.mailboxMissing || (folder && /NONEXISTENT|doesn't exist|not exist|unknown mailbox/i.test(message))) {
    return new ImapFailure("folder", `Folder "${folder ?? "?"}" does not exist on the server`, "unreachable", { cause: err });
  }
  if (code === "ENOTFOUND" || code === "EAI_AGAIN" || code === "EAI_NONAME") {
    return new ImapFailure("dns", `Cannot resolve host "${cfg?.host ?? "?"}": check the server name`, "unreachable", { cause: err });
  }
  if (code === "ECONNREFUSED") {
    return new ImapFailure("refused", `Connection refused by ${where}: check the port, or whether the server is up`, "unreachable", { cause: err });
  }
  if (code === "ETIMEDOUT" || code === "CONNECT_TIMEOUT" || code === "GREETING_TIMEOUT" || code === "ESOCKETTIMEDOUT" || /timed? ?out/i.test(message)) {
    return new ImapFailure("timeout", `No answer from ${where} in time: check the host, port and firewall`, "unreachable", { cause: err });
  }
  if (/CERT|SSL|TLS|self[- ]signed|wrong version number|EPROTO|ALTNAME/i.test(`${code} ${message}`)) {
    return new ImapFailure("tls", `TLS failed with ${where}: ${tlsReason(`${code} ${message}`)}. Check the security setting (TLS on 993, STARTTLS on 143) and the server certificate`, "unreachable", { cause: err });
  }
  if (code === "ECONNRESET" || code === "EPIPE" || code === "NoConnection" || code === "ClosedAfterConnectText") {
    return new ImapFailure("refused", `${where} closed the connection: check the port and the security setting`, "unreachable", { cause: err });
  }
  return new ImapFailure("protocol", `${where} did not answer as an IMAP server should: check the host and port`, "unreachable", { cause: err });
}

function tlsReason(text: string): string {
  if (/CERT_HAS_EXPIRED|expired/i.test(text)) return "the server's certificate has expired";
  if (/SELF_SIGNED|self[- ]signed/i.test(text)) return "the server's certificate is self-signed";
  if (/ALTNAME|Hostname\/IP does not match/i.test(text)) return "the certificate is for another host name";
  if (/UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER|unknown ca/i.test(text)) return "the certificate is not signed by a known authority";
  if (/wrong version number|packet length too long|EPROTO/i.test(text)) return "the server does not speak TLS on this port";
  return "the secure connection could not be set up";
}
