import { ImapFlow } from "imapflow";

export type ImapConfig = {
  host: string;
  port: number;
  security: "tls" | "starttls" | "none";
  username: string;
  password: string;
};

export type ImapFailureKind = "dns" | "refused" | "timeout" | "tls" | "login" | "folder" | "protocol";

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

export function createImapClient(cfg: ImapConfig): ImapFlow {
  const client = new ImapFlow({
    host: cfg.host,
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

/** Connects and logs in, turning every failure into an ImapFailure that says what went wrong. */
export async function connectImap(cfg: ImapConfig): Promise<ImapFlow> {
  const client = createImapClient(cfg);
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

export function describeImapError(err: unknown, cfg?: Pick<ImapConfig, "host" | "port">, folder?: string): ImapFailure {
  if (err instanceof ImapFailure) return err;
  const e = err as { code?: string; message?: string; authenticationFailed?: boolean; mailboxMissing?: boolean; responseText?: string };
  const where = cfg ? `${cfg.host}:${cfg.port}` : "the server";
  const code = e?.code ?? "";
  if (e?.authenticationFailed) {
    const detail = e.responseText ? ` (server said: ${e.responseText})` : "";
    return new ImapFailure("login", `Login failed: the server rejected the username or password${detail}`, "auth_error", { cause: err });
  }
  if (e?.mailboxMissing || (folder && /NONEXISTENT|doesn't exist|not exist|unknown mailbox/i.test(e?.message ?? ""))) {
    return new ImapFailure("folder", `Folder "${folder ?? "?"}" does not exist on the server`, "unreachable", { cause: err });
  }
  if (code === "ENOTFOUND" || code === "EAI_AGAIN" || code === "EAI_NONAME") {
    return new ImapFailure("dns", `Cannot resolve host "${cfg?.host ?? "?"}": check the server name`, "unreachable", { cause: err });
  }
  if (code === "ECONNREFUSED") {
    return new ImapFailure("refused", `Connection refused by ${where}: check the port, or whether the server is up`, "unreachable", { cause: err });
  }
  if (code === "ETIMEDOUT" || code === "CONNECT_TIMEOUT" || code === "GREETING_TIMEOUT" || code === "ESOCKETTIMEDOUT" || /timed? ?out/i.test(e?.message ?? "")) {
    return new ImapFailure("timeout", `No answer from ${where} in time: check the host, port and firewall`, "unreachable", { cause: err });
  }
  if (/CERT|SSL|TLS|self[- ]signed|wrong version number|EPROTO/i.test(`${code} ${e?.message ?? ""}`)) {
    return new ImapFailure("tls", `TLS failed with ${where}: ${e?.message ?? code}. Check the security setting (TLS on 993, STARTTLS on 143) and the server certificate`, "unreachable", { cause: err });
  }
  if (code === "ECONNRESET" || code === "EPIPE" || code === "NoConnection" || code === "ClosedAfterConnectText") {
    return new ImapFailure("refused", `${where} closed the connection: ${e?.message ?? code}`, "unreachable", { cause: err });
  }
  return new ImapFailure("protocol", `IMAP error from ${where}: ${e?.message ?? String(err)}`, "unreachable", { cause: err });
}
