import { and, eq, inArray } from "drizzle-orm";
import type { gmail_v1 } from "googleapis";
import { env } from "../../env";
import { mailAccounts, type AccountFilters } from "../../db/schema/accounts";
import { emails, skippedMessages } from "../../db/schema/mail";
import type { AccountRow } from "../../accounts/service";
import type { DbOrTx } from "../../db/client";
import { DEFAULT_MAX_MESSAGE_BYTES, DEFAULT_STREAM_MESSAGE_BYTES, type FetchDeps, type FetchSettings } from "../fetch-account";
import { storeMessages, type FetchedMessage } from "../store-messages";
import type { FolderTarget } from "../record-messages";
import { textMatches } from "../attachments";
import { gmailApi, oauthClient, type OAuthClient } from "./client";
import { batchGetMessages, type GetFormat } from "./batch";
import { downloadGmailRaw } from "./raw-stream";
import { storeMessageFile } from "../large-message";
import { quotaPacer, type QuotaPacer } from "./quota";
import { gmailConfig } from "./config";
import { googleErrorCode } from "./google-errors";
import { openGmailTokens, sealGmailTokens, type GmailTokens } from "./tokens";
import { parseRetryAfter } from "./retry-after";
import { FetchLeaseLost, withFetchLease, type FetchLease } from "../fetch-lease";

/** What a sync has stored so far, counted as each transaction commits: what a run that fails later still did. */
export type GmailProgress = { messages: number; documents: number; skipped: number };
/** `stopped`: the fetching switch or the worker stopping ended the run part-way; what was stored is kept. */
export type GmailSyncResult = GmailProgress & { more: boolean; stopped?: boolean };
export type GmailFailureKind = "reconnect" | "rate_limited" | "unavailable";

/** Why a Gmail sync stopped: `reconnect` needs the person, `rate_limited` waits `retryAfterSeconds`, `unavailable` is retried with back-off. */
export class GmailSyncFailure extends Error {
  constructor(
    readonly kind: GmailFailureKind,
    message: string,
    readonly retryAfterSeconds?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "GmailSyncFailure";
  }
}

/** Gmail mail has no folders; its emails are filed under this name. */
export const GMAIL_FOLDER = "INBOX";
// Gmail's own page size for messages.list and history.list.
const PAGE_SIZE = 100;
// As IMAP's fetch: messages held in memory and stored per transaction at most.
const MAX_CHUNK_BYTES = 32 * 1024 * 1024;
const STORE_BATCH = 50;
// Raw messages asked for in one batch: their sizes add up to at most this (the answer is held in memory, base64).
const MAX_RAW_BATCH_BYTES = 8 * 1024 * 1024;
const METADATA_HEADERS = ["From", "Subject", "Date"];
// Mail that is not received mail: drafts, spam and the bin.
const SKIPPED_LABELS = new Set(["DRAFT", "SPAM", "TRASH"]);
const RECONNECT = "Google no longer accepts Mailroom's access to this mailbox (it was revoked or expired): reconnect it";

type Gmail = Awaited<ReturnType<typeof gmailApi>>;
type Run = { deps: FetchDeps; account: AccountRow; settings: FetchSettings; lease: FetchLease; gmail: Gmail; auth: OAuthClient; apiRootUrl: string; pacer: QuotaPacer; target: FolderTarget; stored: GmailProgress; stopped: boolean };

/**
 * One sync of a Gmail account. With no history id yet (or an expired one) it lists messages with
 * attachments over GMAIL_INITIAL_DAYS, a page at a time, resuming from the stored page token;
 * afterwards it reads only what history.list says was added. At most `batchSize` messages a run.
 * `stored` is counted up as messages are stored, so a caller knows what a failed run kept.
 */
export async function syncGmail(deps: FetchDeps, account: AccountRow, settings: FetchSettings, lease: FetchLease, stored: GmailProgress = { messages: 0, documents: 0, skipped: 0 }): Promise<GmailSyncResult> {
  const cfg = gmailConfig();
  if (!cfg) throw new GmailSyncFailure("unavailable", "Gmail is not set up on this server: set GOOGLE_CLIENT_ID, GOOGLE_CLIENT_SECRET and PUBLIC_URL");
  let tokens: GmailTokens;
  try {
    tokens = openGmailTokens(deps.keyring, account.id, account.secretEnc ?? "");
  } catch (err) {
    throw new GmailSyncFailure("reconnect", "The stored Google access cannot be read (its key is no longer in ENCRYPTION_KEY): reconnect the mailbox", undefined, { cause: err });
  }
  const auth = await oauthClient(cfg);
  auth.setCredentials({ refresh_token: tokens.refresh_token, access_token: tokens.access_token, expiry_date: tokens.expiry_date });
  // googleapis refreshes expired access tokens itself; the new ones are kept for the next run.
  const saves: Promise<unknown>[] = [];
  auth.on("tokens", (t) => {
    if (!t.access_token) return;
    tokens = { refresh_token: t.refresh_token ?? tokens.refresh_token, access_token: t.access_token, expiry_date: t.expiry_date ?? null, scope: t.scope ?? tokens.scope };
    saves.push(deps.db.update(mailAccounts).set({ secretEnc: sealGmailTokens(deps.keyring, account.id, tokens) }).where(eq(mailAccounts.id, account.id)));
  });
  const run: Run = { deps, account, settings, lease, gmail: await gmailApi(cfg, auth), auth, apiRootUrl: cfg.apiRootUrl, pacer: quotaPacer(), target: { companyId: account.companyId, accountId: account.id, folder: GMAIL_FOLDER, uidValidity: null }, stored, stopped: false };
  try {
    const more = await syncRun(run);
    return run.stopped ? { ...stored, more: false, stopped: true } : { ...stored, more };
  } catch (err) {
    throw describeGoogleError(err);
  } finally {
    await Promise.all(saves);
  }
}

/** Answers whether more is left for another run. */
async function syncRun(run: Run): Promise<boolean> {
  let { gmailHistoryId: historyId, gmailSyncPageToken: pageToken } = run.account;
  if (historyId === null) {
    historyId = await startListing(run);
    pageToken = "";
  }
  if (pageToken !== null) return listing(run, pageToken);
  try {
    return await incremental(run, historyId);
  } catch (err) {
    if (httpStatus(err) !== 404) throw err;
    // Gmail keeps history for about a week: past that, list again; messages already kept are skipped by their id.
    run.deps.log.warn({ accountId: run.account.id }, "gmail history expired: resyncing");
    await startListing(run);
    return listing(run, "");
  }
}

/** Remembers where history stands before listing, so nothing that arrives meanwhile is missed. */
async function startListing(run: Run): Promise<string> {
  const { data } = await run.gmail.users.getProfile({ userId: "me" });
  const historyId = data.historyId!;
  await withFetchLease(run.deps.db, run.lease, (tx) => tx.update(mailAccounts).set({ gmailHistoryId: historyId, gmailSyncPageToken: "" }).where(eq(mailAccounts.id, run.account.id)));
  return historyId;
}

async function listing(run: Run, startToken: string): Promise<boolean> {
  const days = env().GMAIL_INITIAL_DAYS;
  // Whole days, so the query (which page tokens belong to) stays the same across the runs of one day.
  const since = Math.floor((Date.now() - days * 86_400_000) / 86_400_000) * 86_400;
  const q = `has:attachment after:${since}`;
  let pageToken: string | null = startToken;
  let budget = run.settings.batchSize;
  while (pageToken !== null && budget > 0) {
    const { data }: { data: gmail_v1.Schema$ListMessagesResponse } = await run.gmail.users.messages.list({ userId: "me", q, maxResults: Math.min(PAGE_SIZE, budget), pageToken: pageToken || undefined });
    const ids = (data.messages ?? []).map((m) => m.id!).filter(Boolean);
    const next: string | null = data.nextPageToken ?? null;
    // The listing done, the page token goes back to null: the next run is incremental from the history id.
    if (!(await fetchAndStore(run, ids, (tx) => tx.update(mailAccounts).set({ gmailSyncPageToken: next }).where(eq(mailAccounts.id, run.account.id))))) return true;
    budget -= Math.max(ids.length, 1);
    pageToken = next;
    if (pageToken !== null && (await stopsHere(run))) return true;
  }
  return pageToken !== null;
}

async function incremental(run: Run, startHistoryId: string): Promise<boolean> {
  let pageToken: string | undefined;
  let budget = run.settings.batchSize;
  while (budget > 0) {
    const { data } = await run.gmail.users.history.list({ userId: "me", startHistoryId, historyTypes: ["messageAdded"], maxResults: Math.min(PAGE_SIZE, budget), pageToken });
    const history = data.history ?? [];
    const ids = [
      ...new Set(
        history.flatMap((h) => (h.messagesAdded ?? []).map((a) => a.message).filter((m) => m?.id && !m.labelIds?.some((l) => SKIPPED_LABELS.has(l))).map((m) => m!.id!)),
      ),
    ];
    // A later page starts after this page's last record; the last page brings history up to now.
    const cursor = data.nextPageToken ? history.at(-1)?.id ?? startHistoryId : data.historyId ?? startHistoryId;
    if (!(await fetchAndStore(run, ids, (tx) => tx.update(mailAccounts).set({ gmailHistoryId: cursor }).where(eq(mailAccounts.id, run.account.id))))) return true;
    budget -= Math.max(ids.length, 1);
    if (!data.nextPageToken) return false;
    pageToken = data.nextPageToken;
    if (await stopsHere(run)) return true;
  }
  return true;
}

/**
 * The fetching switch (lib/ops/flags.ts) or the worker stopping, asked between pages and between
 * groups of messages: the run ends there, keeping what it stored.
 */
async function stopsHere(run: Run): Promise<boolean> {
  if (await run.settings.shouldStop?.()) run.stopped = true;
  return run.stopped;
}

/**
 * Downloads the messages not kept yet and stores them with `advance`, the cursor that covers them, in
 * one transaction; counts them in `run.stored`. Answers false when the run stopped part-way: what
 * was downloaded is stored, the cursor stays, and the next run skips what is kept by its id.
 */
async function fetchAndStore(run: Run, ids: string[], advance: (tx: DbOrTx) => Promise<unknown>): Promise<boolean> {
  const { deps, account, settings } = run;
  // A renewal found the mailbox taken over: nothing more is downloaded for nothing.
  if (run.lease.lost) throw new FetchLeaseLost(account.id);
  const known = ids.length
    ? await deps.db
        .select({ id: emails.providerMessageId })
        .from(emails)
        .where(and(eq(emails.accountId, account.id), inArray(emails.providerMessageId, ids)))
    : [];
  const have = new Set(known.map((k) => k.id));
  const maxBytes = settings.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
  const filters = account.filters ?? {};
  let fetched: FetchedMessage[] = [];
  let held = 0;
  const tooLarge: SkippedGmail[] = [];
  const wanted: { id: string; size: number }[] = [];
  // The headers and sizes first, in batches: a message too large to hold, or one the filters refuse, is never downloaded.
  const metas = await getMessages(run, ids.filter((i) => !have.has(i)), "metadata");
  for (const [id, meta] of metas) {
    if (!meta) continue; // deleted since it was listed
    const headers = headerMap(meta);
    if (!passesFilters(filters, headers)) continue;
    const size = meta.sizeEstimate ?? 0;
    if (size > maxBytes) tooLarge.push({ id, size, headers });
    else wanted.push({ id, size });
  }
  const storeOptions = { maxAttachmentBytes: settings.maxAttachmentBytes, filters, lease: run.lease };
  // Large messages one at a time through temp files, each stored in a transaction of its own.
  const streamAbove = settings.streamMessageBytes ?? DEFAULT_STREAM_MESSAGE_BYTES;
  for (const { id } of wanted.filter((w) => w.size > streamAbove)) {
    if (run.lease.lost) throw new FetchLeaseLost(account.id);
    if (await stopsHere(run)) return false;
    const r = await storeMessageFile(deps, run.target, { providerMessageId: id }, `Gmail message ${id}`, (file) => downloadGmailRaw(run.auth, run.apiRootUrl, id, file, run.pacer), storeOptions);
    if (r) countStored(run, 1, r.documents);
  }
  for (const group of bySize(wanted.filter((w) => w.size <= streamAbove), MAX_RAW_BATCH_BYTES, STORE_BATCH)) {
    if (await stopsHere(run)) {
      await storeCounted(run, fetched, storeOptions);
      return false;
    }
    for (const [id, message] of await getMessages(run, group, "raw")) {
      if (!message?.raw) continue;
      const bytes = Buffer.from(message.raw, "base64url");
      fetched.push({ providerMessageId: id, raw: bytes });
      held += bytes.length;
      // A page of large messages is stored in parts; only the last part moves the cursor, and a repeat skips what is kept.
      if (held >= MAX_CHUNK_BYTES || fetched.length >= STORE_BATCH) {
        await storeCounted(run, fetched, storeOptions);
        fetched = [];
        held = 0;
      }
    }
  }
  if (tooLarge.length > 0) {
    // Recorded before the cursor moves past them; a repeated run finds them recorded already.
    await withFetchLease(deps.db, run.lease, (tx) => recordSkipped(tx, run.target, tooLarge, maxBytes));
    run.stored.skipped += tooLarge.length;
    deps.log.warn({ accountId: account.id, gmailIds: tooLarge.map((m) => m.id), maxBytes }, "gmail messages over the size limit left on the server");
  }
  await storeCounted(run, fetched, { ...storeOptions, advance });
  return true;
}

/** `messages` stored in one transaction (with what `options` adds to it), counted in `run.stored`. */
async function storeCounted(run: Run, messages: FetchedMessage[], options: Parameters<typeof storeMessages>[3]): Promise<void> {
  countStored(run, messages.length, (await storeMessages(run.deps, run.target, messages, options)).documents);
}

function countStored(run: Run, messages: number, documents: number) {
  run.stored.messages += messages;
  run.stored.documents += documents;
}

/** messages.get for `ids` through Gmail's batch endpoint, in their order; null where a message is gone. */
function getMessages(run: Run, ids: string[], format: GetFormat): Promise<Map<string, gmail_v1.Schema$Message | null>> {
  return batchGetMessages(run.auth, ids, { rootUrl: run.apiRootUrl, format, metadataHeaders: METADATA_HEADERS, pacer: run.pacer });
}

/** `items` in groups of at most `max` whose sizes add up to at most `maxBytes` (a larger one goes alone). */
function bySize(items: { id: string; size: number }[], maxBytes: number, max: number): string[][] {
  const groups: string[][] = [];
  let group: string[] = [];
  let bytes = 0;
  for (const { id, size } of items) {
    if (group.length > 0 && (bytes + size > maxBytes || group.length >= max)) {
      groups.push(group);
      group = [];
      bytes = 0;
    }
    group.push(id);
    bytes += size;
  }
  if (group.length > 0) groups.push(group);
  return groups;
}

type Headers = { from: string; subject: string; date?: string };
type SkippedGmail = { id: string; size: number; headers: Headers };

function headerMap(message: gmail_v1.Schema$Message): Headers {
  const get = (name: string) => message.payload?.headers?.find((h) => h.name?.toLowerCase() === name)?.value ?? undefined;
  return { from: get("from") ?? "", subject: get("subject") ?? "", date: get("date") };
}

function passesFilters(filters: AccountFilters, headers: Headers): boolean {
  if (filters.from?.length && !filters.from.some((p) => textMatches(p, headers.from))) return false;
  if (filters.subject?.length && !filters.subject.some((p) => textMatches(p, headers.subject))) return false;
  return true;
}

async function recordSkipped(db: DbOrTx, target: FolderTarget, list: SkippedGmail[], maxBytes: number) {
  await db
    .insert(skippedMessages)
    .values(
      list.map((m) => {
        const sent = m.headers.date ? new Date(m.headers.date) : null;
        return {
          companyId: target.companyId,
          accountId: target.accountId,
          folder: target.folder,
          providerMessageId: m.id,
          fromAddress: m.headers.from.slice(0, 320) || null,
          subject: m.headers.subject.replace(/\u0000/g, "").slice(0, 1000) || null,
          sentAt: sent && !Number.isNaN(sent.getTime()) ? sent : null,
          size: m.size,
          reason: `The message is ${megabytes(m.size)}, over the limit of ${megabytes(maxBytes)} (MAX_MESSAGE_MB): it was left in Gmail, not downloaded.`,
        };
      }),
    )
    .onConflictDoNothing();
}

const megabytes = (n: number) => `${Number((n / 1024 / 1024).toFixed(1))} MB`;


type GoogleError = { status?: number; response?: { status?: number; headers?: unknown; data?: { error?: { errors?: { reason?: string }[] } } } };

function httpStatus(err: unknown): number | undefined {
  const e = err as GoogleError;
  return e?.response?.status ?? e?.status;
}

/** Google's answer as a GmailSyncFailure; anything not from Google (our database, our disk) passes through unchanged. */
function describeGoogleError(err: unknown): unknown {
  if (err instanceof GmailSyncFailure) return err;
  const code = googleErrorCode(err);
  const status = httpStatus(err);
  if (code === "invalid_grant" || code === "UNAUTHENTICATED" || status === 401) return new GmailSyncFailure("reconnect", RECONNECT, undefined, { cause: err });
  const reasons = ((err as GoogleError)?.response?.data?.error?.errors ?? []).map((e) => e.reason);
  const rateLimited = status === 429 || (status === 403 && (code === "RESOURCE_EXHAUSTED" || reasons.some((r) => r === "rateLimitExceeded" || r === "userRateLimitExceeded")));
  if (rateLimited) {
    const wait = retryAfterSeconds((err as GoogleError).response?.headers) ?? 60;
    return new GmailSyncFailure("rate_limited", `Gmail asked Mailroom to slow down: the next sync waits ${wait} seconds`, wait, { cause: err });
  }
  if (status === 403) return new GmailSyncFailure("reconnect", `Google refused access to this mailbox${code ? ` (${code})` : ""}: reconnect it`, undefined, { cause: err });
  if (status !== undefined && status >= 500) return new GmailSyncFailure("unavailable", `Gmail is not answering (HTTP ${status}): Mailroom tries again`, undefined, { cause: err });
  if (status !== undefined) return new GmailSyncFailure("unavailable", `Gmail answered HTTP ${status}${code ? ` (${code})` : ""}`, undefined, { cause: err });
  const net = (err as { code?: string })?.code;
  if (typeof net === "string" && /^E[A-Z]+$/.test(net)) return new GmailSyncFailure("unavailable", `Gmail could not be reached (${net}): Mailroom tries again`, undefined, { cause: err });
  return err;
}

function retryAfterSeconds(headers: unknown): number | undefined {
  if (!headers) return undefined;
  const h = headers as { get?: (name: string) => string | null } & Record<string, unknown>;
  const value = typeof h.get === "function" ? h.get("retry-after") : (h["retry-after"] as string | undefined);
  const seconds = parseRetryAfter(value);
  return seconds === undefined ? undefined : Math.max(1, seconds);
}
