// Gmail's batch endpoint: many messages.get in one HTTP request (multipart/mixed in, multipart/mixed
// out, one answer part per request part, each with its own status). googleapis has no helper for it.
import { randomBytes } from "node:crypto";
import type { gmail_v1 } from "googleapis";
import type { OAuthClient } from "./client";
import type { QuotaPacer } from "./quota";
import { parseRetryAfter } from "./retry-after";

/** Gmail's advice: at most 50 requests in one batch. */
export const MAX_BATCH = 50;
/** Quota units of one messages.get. */
export const GET_UNITS = 5;
// A part rate-limited or failed for a moment is sent again once, after this long at most; a longer Retry-After ends the run.
const MAX_INLINE_WAIT_SECONDS = 5;

export type GetFormat = "metadata" | "raw";
export type BatchOptions = { rootUrl: string; format: GetFormat; metadataHeaders?: string[]; pacer?: QuotaPacer; sleep?: (ms: number) => Promise<void> };
/** One part of a batch answer: the inner HTTP response. */
export type BatchPart = { contentId: string | null; status: number; headers: Record<string, string>; body: string };

/** A part Gmail answered with an error, shaped like googleapis' errors (status, response headers and data) so it is read the same way. */
export class GmailBatchPartError extends Error {
  readonly status: number;
  readonly response: { status: number; headers: Headers; data: unknown };
  constructor(part: BatchPart) {
    super(`Gmail answered HTTP ${part.status} to a batched request`);
    this.name = "GmailBatchPartError";
    this.status = part.status;
    let data: unknown = part.body;
    try {
      data = JSON.parse(part.body);
    } catch {
      // not JSON: kept as text
    }
    this.response = { status: part.status, headers: new Headers(part.headers), data };
  }
}

/**
 * messages.get for every id, MAX_BATCH to an HTTP request, as `auth` (its access token refreshed
 * when Gmail stops accepting it). Answers each id's message, or null where Gmail no longer has it.
 * A part answered 429 or 5xx is sent again once when Gmail asks for a short wait; otherwise its
 * error is thrown, as a single messages.get's would be.
 */
export async function batchGetMessages(auth: OAuthClient, ids: string[], opts: BatchOptions): Promise<Map<string, gmail_v1.Schema$Message | null>> {
  const found = new Map<string, gmail_v1.Schema$Message | null>();
  for (let i = 0; i < ids.length; i += MAX_BATCH) {
    const chunk = ids.slice(i, i + MAX_BATCH);
    const got = await getChunk(auth, chunk, opts);
    for (const id of chunk) found.set(id, got.get(id) ?? null);
  }
  return found;
}

async function getChunk(auth: OAuthClient, ids: string[], opts: BatchOptions): Promise<Map<string, gmail_v1.Schema$Message | null>> {
  const sleep = opts.sleep ?? ((ms: number) => new Promise((r) => setTimeout(r, ms)));
  const found = new Map<string, gmail_v1.Schema$Message | null>();
  let pending = ids;
  let reauthorized = false;
  let retried = false;
  while (pending.length > 0) {
    await opts.pacer?.take(GET_UNITS * pending.length);
    const parts = await sendBatch(auth, pending, opts);
    const again: string[] = [];
    let unauthorized = false;
    let wait = 0;
    let failure: BatchPart | null = null;
    pending.forEach((id, i) => {
      const part = parts[i];
      if (part.status === 200) return found.set(id, JSON.parse(part.body) as gmail_v1.Schema$Message);
      if (part.status === 404) return found.set(id, null); // deleted since it was listed
      if (part.status === 401 && !reauthorized) {
        unauthorized = true;
        return again.push(id);
      }
      const retryAfter = parseRetryAfter(part.headers["retry-after"]);
      if (isTransient(part) && !retried && (retryAfter ?? 1) <= MAX_INLINE_WAIT_SECONDS) {
        wait = Math.max(wait, retryAfter ?? 1);
        return again.push(id);
      }
      failure ??= part;
    });
    if (failure) throw new GmailBatchPartError(failure);
    if (unauthorized) {
      reauthorized = true;
      // Marked expired, the client refreshes the access token before the next request (and says so with its "tokens" event).
      auth.setCredentials({ ...auth.credentials, expiry_date: 1 });
    }
    if (wait > 0) {
      retried = true;
      await sleep(wait * 1000);
    }
    pending = again;
  }
  return found;
}

/** One batch request; its answer parts in the order of `ids` (a part Gmail left out reads as a 503). */
async function sendBatch(auth: OAuthClient, ids: string[], opts: BatchOptions): Promise<BatchPart[]> {
  const boundary = `mailroom_${randomBytes(12).toString("hex")}`;
  const query = new URLSearchParams({ format: opts.format });
  for (const h of opts.format === "metadata" ? (opts.metadataHeaders ?? []) : []) query.append("metadataHeaders", h);
  const body =
    ids.map((id, i) => `--${boundary}\r\nContent-Type: application/http\r\nContent-ID: <m${i}>\r\n\r\nGET /gmail/v1/users/me/messages/${encodeURIComponent(id)}?${query}\r\n\r\n`).join("") +
    `--${boundary}--\r\n`;
  const res = await auth.request<string>({
    url: new URL("batch/gmail/v1", opts.rootUrl).toString(),
    method: "POST",
    headers: { "content-type": `multipart/mixed; boundary=${boundary}` },
    data: body,
    responseType: "text",
  });
  const parts = parseBatchResponse(res.headers.get("content-type") ?? "", res.data);
  const byId = new Map(parts.map((p) => [p.contentId?.replace(/^response-/, "") ?? "", p]));
  return ids.map((_, i) => byId.get(`m${i}`) ?? parts[i] ?? { contentId: null, status: 503, headers: {}, body: "" });
}

/** The parts of a multipart/mixed batch answer, each an HTTP response: its Content-ID (without <>), status, headers (lower-case names) and body. */
export function parseBatchResponse(contentType: string, text: string): BatchPart[] {
  const boundary = /boundary="?([^";]+)"?/i.exec(contentType)?.[1];
  if (!boundary) throw new Error(`Gmail's batch answer has no multipart boundary (content-type: ${contentType || "none"})`);
  const sections = text.split(`--${boundary}`);
  const parts: BatchPart[] = [];
  // The text before the first boundary is a preamble; "--" after the last one closes the body.
  for (const section of sections.slice(1)) {
    if (section.startsWith("--")) break;
    const [outerHead, inner] = splitHead(section.replace(/^\r?\n/, ""));
    const contentId = /^content-id:\s*<?([^>\r\n]*)>?\s*$/im.exec(outerHead)?.[1] ?? null;
    const [innerHead, body] = splitHead(inner);
    const [statusLine, ...headerLines] = innerHead.split(/\r?\n/);
    const status = Number(/^HTTP\/[\d.]+\s+(\d{3})/.exec(statusLine)?.[1] ?? 0);
    const headers: Record<string, string> = {};
    for (const line of headerLines) {
      const colon = line.indexOf(":");
      if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
    }
    parts.push({ contentId, status, headers, body: body.replace(/\r?\n$/, "") });
  }
  return parts;
}

function splitHead(text: string): [string, string] {
  const m = /\r?\n\r?\n/.exec(text);
  return m ? [text.slice(0, m.index), text.slice(m.index + m[0].length)] : [text, ""];
}

function isTransient(part: BatchPart): boolean {
  if (part.status === 429 || part.status >= 500) return true;
  return part.status === 403 && /rateLimitExceeded|userRateLimitExceeded|RESOURCE_EXHAUSTED/.test(part.body);
}


