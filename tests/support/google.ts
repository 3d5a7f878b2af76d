// A local stand-in for the parts of Google that Mailroom's Gmail connect uses: the consent page
// (redirects back with a code and the state), the OAuth token endpoint (authorization_code and
// refresh_token grants, invalid_grant, no refresh token, redirect_uri_mismatch) and Gmail's
// users/me/profile, messages.list, messages.get (raw) and history.list over an in-memory mailbox per
// address, with paging, an expired history (404), rate limits (429 + Retry-After) and access tokens
// that can be expired on demand. Point GOOGLE_OAUTH_AUTH_URL, GOOGLE_OAUTH_TOKEN_URL and
// GOOGLE_API_ROOT_URL at it.
import { randomBytes } from "node:crypto";
import http from "node:http";
import type { AddressInfo, Socket } from "node:net";

/** What the token endpoint answers for one code. */
export type Grant = { email: string; refreshToken?: boolean; error?: "invalid_grant" | "redirect_uri_mismatch" };

export type FakeGoogle = {
  url: string;
  authUrl: string;
  tokenUrl: string;
  apiRootUrl: string;
  clientId: string;
  clientSecret: string;
  /** A code the token endpoint will exchange as `grant` says. */
  issueCode(grant: Grant): string;
  /** What the consent page does next: grant as `grant` says, or deny (error=access_denied). */
  consent(next: Grant | "deny"): void;
  /** A refresh token for `email`, as a finished consent would have given Mailroom. */
  mintRefreshToken(email: string): string;
  /** Makes a refresh token answer invalid_grant, as when the person revokes access. */
  revoke(refreshToken: string): void;
  /** Puts a raw RFC 822 message in `email`'s mailbox (a new history record): its Gmail id. */
  deliver(email: string, raw: string | Buffer, opts?: { date?: Date; hasAttachment?: boolean }): string;
  /** History before now is gone: a history.list from an older id answers 404. */
  expireHistory(email: string): void;
  /** The next Gmail API call for `email` (the next one `when` picks, if given) answers `status` (429 by default) with Retry-After. */
  failNext(email: string, failure?: { status?: number; retryAfterSeconds?: number; when?: (url: URL) => boolean }): void;
  /** Every access token issued so far stops working (401), as when they expire. */
  expireAccessTokens(): void;
  /** Every HTTP request, and every request inside a batch (`batched`). */
  requests: { method: string; path: string; body: Record<string, string>; query: Record<string, string>; batched?: boolean }[];
  close(): Promise<void>;
};

export async function startFakeGoogle(opts: { clientId?: string; clientSecret?: string } = {}): Promise<FakeGoogle> {
  const clientId = opts.clientId ?? "test-client.apps.googleusercontent.com";
  const clientSecret = opts.clientSecret ?? "test-client-secret";
  const codes = new Map<string, Grant>();
  const refreshTokens = new Map<string, string>();
  const accessTokens = new Map<string, string>();
  const revoked = new Set<string>();
  const requests: FakeGoogle["requests"] = [];
  let next: Grant | "deny" = { email: "someone@gmail.test" };
  type Stored = { id: string; raw: Buffer; internalDate: number; hasAttachment: boolean; historyId: number };
  const mailboxes = new Map<string, { messages: Stored[]; oldestHistoryId: number }>();
  const failures = new Map<string, { status: number; retryAfterSeconds: number; when?: (url: URL) => boolean }>();
  let historyId = 1000;
  let messageSeq = 0;
  const mailbox = (email: string) => {
    const key = email.toLowerCase();
    if (!mailboxes.has(key)) mailboxes.set(key, { messages: [], oldestHistoryId: 0 });
    return mailboxes.get(key)!;
  };

  const issueCode = (grant: Grant) => {
    const code = `code-${randomBytes(8).toString("hex")}`;
    codes.set(code, grant);
    return code;
  };
  const json = (res: http.ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { "content-type": "application/json" });
    res.end(JSON.stringify(body));
  };
  const accessToken = (email: string) => {
    const token = `ya29.${randomBytes(12).toString("hex")}`;
    accessTokens.set(token, email);
    return token;
  };

  type Reply = { status: number; headers?: Record<string, string>; body: unknown };
  const reply = (status: number, body: unknown, headers?: Record<string, string>): Reply => ({ status, body, headers });
  /** One Gmail API call as `authorization` (a Bearer access token), whether it came alone or inside a batch. */
  const gmailCall = (url: URL, authorization: string): Reply => {
    const email = accessTokens.get(authorization.replace(/^Bearer /, ""));
    if (!email) return reply(401, { error: { code: 401, message: "Request had invalid authentication credentials.", status: "UNAUTHENTICATED" } });
    const failure = failures.get(email.toLowerCase());
    if (failure && (!failure.when || failure.when(url))) {
      failures.delete(email.toLowerCase());
      const status = failure.status === 429 ? "RESOURCE_EXHAUSTED" : failure.status >= 500 ? "UNAVAILABLE" : "PERMISSION_DENIED";
      return reply(failure.status, { error: { code: failure.status, message: "Rate limit exceeded", status, errors: [{ reason: "rateLimitExceeded" }] } }, { "retry-after": String(failure.retryAfterSeconds) });
    }
    return gmailApi(url, email, mailbox(email));
  };
  const send = (res: http.ServerResponse, r: Reply) => {
    res.writeHead(r.status, { "content-type": "application/json", ...r.headers });
    res.end(JSON.stringify(r.body));
  };
  /** Gmail's batch endpoint: a multipart/mixed of HTTP requests in, a multipart/mixed of their answers out, each part with its own status. */
  const batch = (req: http.IncomingMessage, res: http.ServerResponse, raw: string) => {
    const boundary = /boundary="?([^";]+)"?/i.exec(req.headers["content-type"] ?? "")?.[1];
    if (!boundary) return json(res, 400, { error: { code: 400, message: "Missing boundary", status: "INVALID_ARGUMENT" } });
    const parts = raw.split(`--${boundary}`).slice(1).filter((p) => !p.startsWith("--"));
    if (parts.length > MAX_BATCH_PARTS) return json(res, 400, { error: { code: 400, message: `Too many requests in a batch (${parts.length})`, status: "INVALID_ARGUMENT" } });
    const out = `batch_${randomBytes(8).toString("hex")}`;
    const answers = parts.map((part) => {
      const [outer, inner] = splitOnce(part.replace(/^\r?\n/, ""));
      const id = /content-id:\s*<([^>]*)>/i.exec(outer)?.[1] ?? "";
      const [method, target] = inner.split(/\r?\n/)[0].split(" ");
      const url = new URL(target ?? "/", "http://localhost");
      requests.push({ method, path: url.pathname, body: {}, query: Object.fromEntries(url.searchParams), batched: true });
      const r = method === "GET" && url.pathname.startsWith("/gmail/v1/users/me/") ? gmailCall(url, req.headers.authorization ?? "") : reply(404, { error: { code: 404, message: "Not Found", status: "NOT_FOUND" } });
      const head = Object.entries({ "Content-Type": "application/json; charset=UTF-8", ...r.headers }).map(([k, v]) => `${k}: ${v}`).join("\r\n");
      return `--${out}\r\nContent-Type: application/http\r\nContent-ID: <response-${id}>\r\n\r\nHTTP/1.1 ${r.status} ${http.STATUS_CODES[r.status] ?? ""}\r\n${head}\r\n\r\n${JSON.stringify(r.body)}\r\n`;
    });
    res.writeHead(200, { "content-type": `multipart/mixed; boundary=${out}` });
    res.end(`${answers.join("")}--${out}--\r\n`);
  };

  const gmailApi = (url: URL, email: string, box: ReturnType<typeof mailbox>): Reply => {
    const path = url.pathname.slice("/gmail/v1/users/me".length);
    const q = url.searchParams;
    const page = <T>(items: T[]) => {
      const start = Number(q.get("pageToken") ?? 0);
      const size = Math.min(Number(q.get("maxResults") ?? 100), 500);
      const end = start + size;
      return { items: items.slice(start, end), nextPageToken: end < items.length ? String(end) : undefined };
    };
    if (path === "/profile") return reply(200, { emailAddress: email, messagesTotal: box.messages.length, threadsTotal: box.messages.length, historyId: String(historyId) });
    if (path === "/messages") {
      const query = q.get("q") ?? "";
      const after = /after:(\d+)/.exec(query);
      const found = box.messages
        .filter((m) => !query.includes("has:attachment") || m.hasAttachment)
        .filter((m) => !after || m.internalDate >= Number(after[1]) * 1000)
        .sort((a, b) => b.internalDate - a.internalDate);
      const { items, nextPageToken } = page(found);
      return reply(200, { ...(items.length ? { messages: items.map((m) => ({ id: m.id, threadId: m.id })) } : {}), resultSizeEstimate: found.length, ...(nextPageToken ? { nextPageToken } : {}) });
    }
    const one = /^\/messages\/([^/]+)$/.exec(path);
    if (one) {
      const m = box.messages.find((x) => x.id === one[1]);
      if (!m) return reply(404, { error: { code: 404, message: "Requested entity was not found.", status: "NOT_FOUND" } });
      const meta = { id: m.id, threadId: m.id, labelIds: ["INBOX"], historyId: String(m.historyId), internalDate: String(m.internalDate), sizeEstimate: m.raw.length };
      if (q.get("format") === "metadata") {
        const wanted = q.getAll("metadataHeaders").map((h) => h.toLowerCase());
        const head = m.raw.toString("latin1").split(/\r?\n\r?\n/)[0].replace(/\r?\n[ \t]+/g, " ");
        const headers = head
          .split(/\r?\n/)
          .map((line) => ({ name: line.slice(0, line.indexOf(":")), value: line.slice(line.indexOf(":") + 1).trim() }))
          .filter((h) => wanted.includes(h.name.toLowerCase()));
        return reply(200, { ...meta, payload: { headers } });
      }
      return reply(200, { ...meta, raw: m.raw.toString("base64url") });
    }
    if (path === "/history") {
      const start = Number(q.get("startHistoryId"));
      if (!start || start < box.oldestHistoryId) return reply(404, { error: { code: 404, message: "Requested entity was not found.", status: "NOT_FOUND" } });
      const records = box.messages.filter((m) => m.historyId > start).sort((a, b) => a.historyId - b.historyId);
      const { items, nextPageToken } = page(records);
      const history = items.map((m) => ({ id: String(m.historyId), messages: [{ id: m.id, threadId: m.id }], messagesAdded: [{ message: { id: m.id, threadId: m.id, labelIds: ["INBOX"] } }] }));
      return reply(200, { ...(history.length ? { history } : {}), historyId: String(historyId), ...(nextPageToken ? { nextPageToken } : {}) });
    }
    return reply(404, { error: { code: 404, message: "Not Found", status: "NOT_FOUND" } });
  };

  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    let raw = "";
    for await (const chunk of req) raw += chunk;
    const body = req.headers["content-type"]?.startsWith("application/x-www-form-urlencoded") ? Object.fromEntries(new URLSearchParams(raw)) : {};
    requests.push({ method: req.method ?? "GET", path: url.pathname, body, query: Object.fromEntries(url.searchParams) });

    if (url.pathname === "/o/oauth2/v2/auth") {
      const back = new URL(url.searchParams.get("redirect_uri") ?? "");
      back.searchParams.set("state", url.searchParams.get("state") ?? "");
      if (next === "deny") back.searchParams.set("error", "access_denied");
      else back.searchParams.set("code", issueCode(next));
      res.writeHead(302, { location: back.toString() });
      return res.end();
    }
    if (url.pathname === "/token" && req.method === "POST") {
      if (body.client_id !== clientId || body.client_secret !== clientSecret) return json(res, 401, { error: "invalid_client" });
      if (body.grant_type === "refresh_token") {
        const email = refreshTokens.get(body.refresh_token);
        if (!email || revoked.has(body.refresh_token)) return json(res, 400, { error: "invalid_grant", error_description: "Token has been expired or revoked." });
        return json(res, 200, { access_token: accessToken(email), expires_in: 3599, token_type: "Bearer", scope: "https://www.googleapis.com/auth/gmail.readonly" });
      }
      const grant = codes.get(body.code);
      codes.delete(body.code);
      if (!grant || grant.error === "invalid_grant") return json(res, 400, { error: "invalid_grant", error_description: "Bad Request" });
      if (grant.error === "redirect_uri_mismatch") return json(res, 400, { error: "redirect_uri_mismatch", error_description: "Bad Request" });
      const refresh = grant.refreshToken === false ? undefined : `1//${randomBytes(12).toString("hex")}`;
      if (refresh) refreshTokens.set(refresh, grant.email);
      return json(res, 200, {
        access_token: accessToken(grant.email),
        expires_in: 3599,
        token_type: "Bearer",
        scope: "https://www.googleapis.com/auth/gmail.readonly openid https://www.googleapis.com/auth/userinfo.email",
        ...(refresh ? { refresh_token: refresh } : {}),
      });
    }
    if (url.pathname === "/batch/gmail/v1" && req.method === "POST") return batch(req, res, raw);
    if (url.pathname.startsWith("/gmail/v1/users/me/")) return send(res, gmailCall(url, req.headers.authorization ?? ""));
    json(res, 404, { error: { code: 404, message: "Not Found", status: "NOT_FOUND" } });
  });
  const sockets = new Set<Socket>();
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    authUrl: `${url}/o/oauth2/v2/auth`,
    tokenUrl: `${url}/token`,
    apiRootUrl: `${url}/`,
    clientId,
    clientSecret,
    issueCode,
    consent: (n) => {
      next = n;
    },
    revoke: (t) => revoked.add(t),
    mintRefreshToken: (email) => {
      const token = `1//${randomBytes(12).toString("hex")}`;
      refreshTokens.set(token, email);
      return token;
    },
    deliver: (email, raw, opts = {}) => {
      const bytes = Buffer.isBuffer(raw) ? raw : Buffer.from(raw);
      const id = `18c${(++messageSeq).toString(16).padStart(13, "0")}`;
      mailbox(email).messages.push({ id, raw: bytes, internalDate: (opts.date ?? new Date()).getTime(), hasAttachment: opts.hasAttachment ?? /Content-Disposition: attachment/i.test(bytes.toString("latin1")), historyId: ++historyId });
      return id;
    },
    expireHistory: (email) => {
      mailbox(email).oldestHistoryId = ++historyId;
    },
    failNext: (email, failure = {}) => {
      failures.set(email.toLowerCase(), { status: failure.status ?? 429, retryAfterSeconds: failure.retryAfterSeconds ?? 120, when: failure.when });
    },
    expireAccessTokens: () => accessTokens.clear(),
    requests,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

// Google takes up to 100 requests in a batch (and advises 50).
const MAX_BATCH_PARTS = 100;

function splitOnce(text: string): [string, string] {
  const m = /\r?\n\r?\n/.exec(text);
  return m ? [text.slice(0, m.index), text.slice(m.index + m[0].length)] : [text, ""];
}

/** The environment that points Mailroom's Gmail connect at `google`. */
export function googleEnv(google: FakeGoogle, publicUrl: string): Record<string, string> {
  return {
    GOOGLE_CLIENT_ID: google.clientId,
    GOOGLE_CLIENT_SECRET: google.clientSecret,
    PUBLIC_URL: publicUrl,
    GOOGLE_OAUTH_AUTH_URL: google.authUrl,
    GOOGLE_OAUTH_TOKEN_URL: google.tokenUrl,
    GOOGLE_API_ROOT_URL: google.apiRootUrl,
  };
}
