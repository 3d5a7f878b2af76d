import { and, eq, sql } from "drizzle-orm";
import type { ImapFlow } from "imapflow";
import type { PgBoss } from "pg-boss";
import type { Db, DbOrTx } from "../db/client";
import { fetchRuns, mailAccounts, mailFolders, type AccountFilters } from "../db/schema/accounts";
import { skippedMessages } from "../db/schema/mail";
import type { Keyring } from "../crypto/secrets";
import type { Logger } from "../logger";
import type { Storage } from "../storage/types";
import { imapConfig, type AccountRow } from "../accounts/service";
import type { AccountErrorCode } from "../accounts/schemas";
import { connectImap, describeImapError, ImapFailure } from "./imap";
import { storeMessages, type FetchedMessage } from "./store-messages";
import { StoreFailure } from "./record-messages";
import { storeLargeMessage } from "./large-message";
import { textMatches } from "./attachments";
import { isInfrastructureError, publicErrorText } from "../errors";
import { GmailSyncFailure, syncGmail, type GmailProgress } from "./gmail/sync";
import { notifyAccountFailure, notifyFetchRun } from "../notifications/emit";
import { acquireFetchLease, FetchLeaseLost, isFetchLeaseLost, keepFetchLease, releaseFetchLease, renewFetchLease, withFetchLease, type FetchLease } from "./fetch-lease";

export type FetchDeps = { db: Db; boss: PgBoss; storage: Storage; keyring: Keyring; log: Logger };
/** `maxMessageBytes`: larger messages are left on the server and listed as skipped (default MAX_MESSAGE_MB's 50 MB). */
/** `streamMessageBytes`: larger messages (IMAP or Gmail) are streamed through temp files, not held in memory (default STREAM_MESSAGE_MB's 8 MB). */
/**
 * `shouldStop`: asked between messages; true ends an IMAP run there, keeping what was stored (the
 * fetching switch, lib/ops/flags.ts). `signal`: the worker is stopping; an IMAP run ends at the next
 * message, even mid-download, keeping what was stored.
 */
/** `leaseSeconds`: how long the run's hold on the mailbox lasts unless renewed (default FETCH_LEASE_SECONDS, lib/mail/fetch-lease.ts). */
export type FetchSettings = { batchSize: number; maxAttachmentBytes: number; maxMessageBytes?: number; streamMessageBytes?: number; shouldStop?: () => Promise<boolean>; signal?: AbortSignal; leaseSeconds?: number };
/**
 * Neither is the mailbox's failure. `lease: "lost"`: another worker took the mailbox over while this
 * run was stalled, and the run stopped, keeping what it had stored; `lease: "held"`: another worker
 * holds the mailbox until `until`, and nothing was done.
 */
export type FetchOutcome =
  | { ok: true; messages: number; documents: number; skipped: number; more: boolean; stopped?: boolean; lease?: "lost" }
  | { ok: true; messages: 0; documents: 0; skipped: 0; more: false; lease: "held"; until: Date }
  | { ok: false; error: ImapFailure; retry: boolean };
type Counts = { messages: number; documents: number; skipped: number };

// Downloads are grouped so a folder of many messages never sits in memory all at once: with five
// fetch lanes, at most ~80 MB of downloaded mail is held. Messages over STREAM_MESSAGE_MB are not
// held at all: they go through temp files one at a time (large-message.ts).
const MAX_CHUNK_BYTES = 16 * 1024 * 1024;
export const DEFAULT_MAX_MESSAGE_BYTES = 50 * 1024 * 1024;
export const DEFAULT_STREAM_MESSAGE_BYTES = 8 * 1024 * 1024;
// Messages stored per transaction: fewer commits and statements, and a crash repeats at most this many.
const STORE_BATCH = 50;

/**
 * One incremental fetch of an account: for IMAP, each folder's UIDs above the stored one; for Gmail,
 * its sync (lib/mail/gmail/sync.ts). At most `batchSize` messages; `more` says another run should follow right away.
 */
export async function fetchAccount(deps: FetchDeps, account: AccountRow, settings: FetchSettings): Promise<FetchOutcome> {
  const log = deps.log.child({ accountId: account.id });
  // Taken before anything of the mailbox's state is read: whatever an earlier holder stored is committed by then.
  const attempt = await acquireFetchLease(deps.db, account.id, settings.leaseSeconds);
  if (!attempt.ok) {
    log.info({ until: attempt.expiresAt }, "fetch skipped: another worker holds this mailbox");
    return { ok: true, messages: 0, documents: 0, skipped: 0, more: false, lease: "held", until: attempt.expiresAt };
  }
  const lease = attempt.lease;
  const stopRenewing = keepFetchLease(deps.db, lease, (err) => log.warn({ err }, "fetch lease not renewed"));
  try {
    // The worker stopping ends a run wherever the fetching switch would (and, for IMAP, mid-download too).
    const stopping = { ...settings, shouldStop: async () => settings.signal?.aborted === true || (await settings.shouldStop?.()) === true };
    return await fetchHolding(deps, account, stopping, lease, log);
  } finally {
    stopRenewing();
    await releaseFetchLease(deps.db, lease).catch((err) => log.warn({ err }, "fetch lease not released: it runs out by itself"));
  }
}

async function fetchHolding(deps: FetchDeps, account: AccountRow, settings: FetchSettings, lease: FetchLease, log: Logger): Promise<FetchOutcome> {
  const run = await startRun(deps.db, account);
  if (account.provider === "gmail") return fetchGmail(deps, account, settings, lease, run.id, log);
  let client: ImapFlow | undefined;
  let messages = 0;
  let docs = 0;
  let skipped = 0;
  // Counted as each store commits, folder by folder: what a run handed over part-way had kept.
  const kept: Counts = { messages: 0, documents: 0, skipped: 0 };
  try {
    const cfg = imapConfig(account, deps.keyring);
    client = await connectImap(cfg);
    let budget = settings.batchSize;
    let more = false;
    let stopped = false;
    for (const folder of account.folders) {
      if (budget <= 0) {
        more = true;
        break;
      }
      const r = await fetchFolder(deps, client, account, folder, { ...settings, batchSize: budget }, lease, kept, log);
      messages += r.messages;
      docs += r.documents;
      skipped += r.skipped;
      budget -= r.messages + r.skipped;
      more ||= r.more;
      if (r.stopped) {
        stopped = true;
        more = false;
        break;
      }
    }
    await withFetchLease(deps.db, lease, (tx) =>
      tx.update(mailAccounts).set({ status: "ok", lastError: null, lastErrorCode: null, lastFetchAt: new Date(), failureCount: 0, retryAfter: null }).where(eq(mailAccounts.id, account.id)),
    );
    await finishRun(deps.db, run.id, { status: "ok", messages, documents: docs, skipped });
    await tell(log, () => notifyFetchRun(deps, account, { id: run.id, documents: docs, messages }));
    log.info({ messages, documents: docs, skipped, more, stopped }, stopped ? "fetch stopped part-way" : "fetched");
    return { ok: true, messages, documents: docs, skipped, more, ...(stopped ? { stopped } : {}) };
  } catch (caught) {
    // The mailbox is another worker's now: its state and status are theirs to write.
    if (await leaseLost(deps.db, lease, caught)) return handedOver(deps.db, run.id, kept, log);
    // The database or file store failing anywhere in the run is our side too, and says so without its SQL or paths.
    const err = !(caught instanceof StoreFailure) && isInfrastructureError(caught) ? new StoreFailure(`Could not fetch: ${publicErrorText(caught)}`, { cause: caught }) : caught;
    if (err instanceof StoreFailure) {
      // Our side failed (disk, database): the mailbox is fine, so its status stays; pg-boss retries.
      await deps.db.update(mailAccounts).set({ lastError: err.message, lastErrorCode: "storage" }).where(eq(mailAccounts.id, account.id));
      await finishRun(deps.db, run.id, { status: "error", messages, documents: docs, skipped, error: err.message, errorCode: "storage" });
      await tell(log, () => notifyFetchRun(deps, account, { id: run.id, documents: docs, messages }));
      log.error({ err }, "storing a message failed");
      return { ok: false, error: new ImapFailure("protocol", err.message, "unreachable", { cause: err }), retry: true };
    }
    const failure = describeImapError(err, account.host ? { host: account.host, port: account.port ?? 0 } : undefined);
    const failures = account.failureCount + 1;
    // A wrong password won't fix itself: wait long. A server that is down gets growing pauses.
    const backoffSeconds = failure.status === "auth_error" ? Math.min(3600 * 2 ** (failures - 1), 86_400) : Math.min(60 * 2 ** (failures - 1), 3600);
    await deps.db
      .update(mailAccounts)
      .set({
        status: failure.status,
        lastError: failure.message,
        lastErrorCode: failure.kind satisfies AccountErrorCode,
        lastFetchAt: new Date(),
        failureCount: failures,
        retryAfter: new Date(Date.now() + backoffSeconds * 1000),
      })
      .where(eq(mailAccounts.id, account.id));
    await finishRun(deps.db, run.id, { status: "error", messages, documents: docs, skipped, error: failure.message, errorCode: failure.kind });
    await tell(log, () => notifyFetchRun(deps, account, { id: run.id, documents: docs, messages }));
    await tell(log, () => notifyAccountFailure(deps, account, failure.status));
    log.warn({ kind: failure.kind, messages, reason: failure.message, err: failure.cause }, "fetch failed");
    return { ok: false, error: failure, retry: failure.status === "unreachable" && failure.kind !== "folder" && failure.kind !== "blocked" };
  } finally {
    // Stopping, the connection is dropped: a polite logout would wait for the rest of a FETCH cut short.
    if (client && settings.signal?.aborted) client.close();
    else if (client) await client.logout().catch(() => client?.close());
  }
}

/** A Gmail account's run: its sync, and what its outcome means for the account (status, back-off, reconnect). */
async function fetchGmail(deps: FetchDeps, account: AccountRow, settings: FetchSettings, lease: FetchLease, runId: string, log: Logger): Promise<FetchOutcome> {
  // Counted as pages are stored: a run that fails later still records what it kept.
  const stored: GmailProgress = { messages: 0, documents: 0, skipped: 0 };
  try {
    const r = await syncGmail(deps, account, settings, lease, stored);
    await withFetchLease(deps.db, lease, (tx) =>
      tx.update(mailAccounts).set({ status: "ok", lastError: null, lastErrorCode: null, lastFetchAt: new Date(), failureCount: 0, retryAfter: null }).where(eq(mailAccounts.id, account.id)),
    );
    await finishRun(deps.db, runId, { status: "ok", messages: r.messages, documents: r.documents, skipped: r.skipped });
    await tell(log, () => notifyFetchRun(deps, account, { id: runId, documents: r.documents, messages: r.messages }));
    log.info({ ...r }, "gmail synced");
    return { ok: true, ...r };
  } catch (err) {
    if (await leaseLost(deps.db, lease, err)) return handedOver(deps.db, runId, stored, log);
    if (!(err instanceof GmailSyncFailure)) {
      // Our side failed (disk, database): the mailbox is fine, so its status stays; pg-boss retries.
      const message = `Could not fetch: ${publicErrorText(err)}`;
      await deps.db.update(mailAccounts).set({ lastError: message, lastErrorCode: "storage" }).where(eq(mailAccounts.id, account.id));
      await finishRun(deps.db, runId, { status: "error", ...stored, error: message, errorCode: "storage" });
      await tell(log, () => notifyFetchRun(deps, account, { id: runId, ...stored }));
      log.error({ err }, "gmail sync failed on our side");
      return { ok: false, error: new ImapFailure("protocol", message, "unreachable", { cause: err }), retry: true };
    }
    const failures = account.failureCount + 1;
    // Reconnecting needs the person (the account is no longer scheduled); a rate limit waits as long as Google says; an outage gets growing pauses.
    const waitSeconds = err.kind === "reconnect" ? null : err.kind === "rate_limited" ? err.retryAfterSeconds ?? 60 : Math.min(60 * 2 ** (failures - 1), 3600);
    await deps.db
      .update(mailAccounts)
      .set({
        status: err.kind === "reconnect" ? "needs_reconnect" : err.kind === "unavailable" ? "unreachable" : account.status,
        lastError: err.message,
        lastErrorCode: `gmail_${err.kind}` satisfies AccountErrorCode,
        lastFetchAt: new Date(),
        failureCount: failures,
        retryAfter: waitSeconds === null ? null : new Date(Date.now() + waitSeconds * 1000),
      })
      .where(eq(mailAccounts.id, account.id));
    await finishRun(deps.db, runId, { status: "error", ...stored, error: err.message, errorCode: `gmail_${err.kind}` });
    await tell(log, () => notifyFetchRun(deps, account, { id: runId, ...stored }));
    if (err.kind === "reconnect" || err.kind === "unavailable") await tell(log, () => notifyAccountFailure(deps, account, err.kind === "reconnect" ? "needs_reconnect" : "unreachable"));
    log.warn({ kind: err.kind, ...stored, reason: err.message, err: err.cause }, "gmail sync failed");
    return { ok: false, error: new ImapFailure("protocol", err.message, err.kind === "reconnect" ? "auth_error" : "unreachable", { cause: err }), retry: err.kind === "unavailable" };
  }
}

async function fetchFolder(deps: FetchDeps, client: ImapFlow, account: AccountRow, folder: string, settings: FetchSettings, lease: FetchLease, kept: Counts, log: Logger) {
  const writes = account.postAction !== "none";
  let lock;
  try {
    lock = await client.getMailboxLock(folder, { readOnly: !writes });
  } catch (err) {
    throw describeImapError(err, undefined, folder);
  }
  try {
    const box = client.mailbox;
    if (!box) throw new ImapFailure("folder", `Folder "${folder}" could not be opened`, "unreachable");
    const uidValidity = Number(box.uidValidity);
    const state = await folderState(deps.db, account.id, folder, uidValidity);
    let lastUid = state.lastUid;
    if (state.uidValidity !== uidValidity) {
      // UIDs from the old UIDVALIDITY mean nothing now: rescan; storeMessage recognises messages already kept.
      lastUid = 0;
      await withFetchLease(deps.db, lease, (tx) => tx.update(mailFolders).set({ uidValidity, lastUid: 0, highestModseq: null, updatedAt: new Date() }).where(eq(mailFolders.id, state.id)));
    }
    const highestModseq = box.highestModseq?.toString() ?? null;
    // Moves the folder's mark over `top` (filtered messages too, so they are not examined again).
    const markUpTo = (top: number, modseq: string | null) => (tx: DbOrTx) =>
      tx.update(mailFolders).set({ lastUid: sql`greatest(${mailFolders.lastUid}, ${top})`, highestModseq: modseq, updatedAt: new Date() }).where(eq(mailFolders.id, state.id));
    if (box.exists === 0 || (box.uidNext && box.uidNext - 1 <= lastUid)) {
      await withFetchLease(deps.db, lease, (tx) => tx.update(mailFolders).set({ highestModseq, updatedAt: new Date() }).where(eq(mailFolders.id, state.id)));
      return { messages: 0, documents: 0, skipped: 0, more: false, stopped: false };
    }

    const filters = account.filters ?? {};
    const since = filters.max_age_days ? new Date(Date.now() - filters.max_age_days * 86_400_000) : undefined;
    const found = await client.search({ uid: `${lastUid + 1}:*`, ...(since ? { since } : {}) }, { uid: true });
    const uids = (found || []).filter((u) => u > lastUid).sort((a, b) => a - b);
    if (uids.length === 0) {
      // Nothing (or nothing young enough) above our mark: move the mark so the next run skips it.
      const top = box.uidNext ? box.uidNext - 1 : lastUid;
      await withFetchLease(deps.db, lease, markUpTo(top, highestModseq));
      return { messages: 0, documents: 0, skipped: 0, more: false, stopped: false };
    }
    const batch = uids.slice(0, settings.batchSize);
    const more = uids.length > batch.length;

    // The envelope only when a sender or subject filter reads it (or a message is listed as too
    // large, below): the server builds it from each message's headers, and imapflow parses it.
    const withEnvelope = needsEnvelope(filters);
    const meta = await client.fetchAll(batch, { uid: true, size: true, envelope: withEnvelope }, { uid: true });
    const passing = meta.filter((m) => passesFilters(filters, m.envelope));
    // The server's size comes first: a message too large to hold in memory is never downloaded.
    const maxBytes = settings.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
    let tooLarge = passing.filter((m) => (m.size ?? 0) > maxBytes);
    if (tooLarge.length > 0 && !withEnvelope) tooLarge = await client.fetchAll(tooLarge.map((m) => m.uid), { uid: true, size: true, envelope: true }, { uid: true });
    const wanted = passing
      .filter((m) => (m.size ?? 0) <= maxBytes)
      .map((m) => ({ uid: m.uid, size: m.size ?? 0 }))
      .sort((a, b) => a.uid - b.uid);
    if (tooLarge.length > 0) {
      await withFetchLease(deps.db, lease, (tx) => recordSkipped(tx, { companyId: account.companyId, accountId: account.id, folder, uidValidity }, tooLarge, maxBytes));
      kept.skipped += tooLarge.length;
      log.warn({ folder, uids: tooLarge.map((m) => m.uid), maxBytes }, "messages over the size limit left on the server");
    }

    let messages = 0;
    let documents = 0;
    const stored: number[] = [];
    const target = { companyId: account.companyId, accountId: account.id, folder, uidValidity };
    let stopped = false;
    const storeOptions = { maxAttachmentBytes: settings.maxAttachmentBytes, filters, lease };
    // A batch that leaves messages for the next run keeps the old modseq: the folder is not caught up yet.
    const modseq = more ? state.highestModseq : highestModseq;
    let marked = false;
    const steps = inUidOrder(wanted, settings.streamMessageBytes ?? DEFAULT_STREAM_MESSAGE_BYTES);
    chunks: for (const [n, step] of steps.entries()) {
      // A renewal found the mailbox taken over: nothing more is downloaded for nothing.
      if (lease.lost) throw new FetchLeaseLost(account.id);
      if (await settings.shouldStop?.()) {
        stopped = true;
        break;
      }
      if ("large" in step) {
        const r = await storeLargeMessage(deps, client, target, step.large.uid, storeOptions);
        if (r) {
          messages += 1;
          documents += r.documents;
          stored.push(step.large.uid);
        }
        continue;
      }
      const chunk = step.chunk;
      let fetched: (FetchedMessage & { uid: number })[] = [];
      for await (const m of client.fetch(chunk.map((c) => c.uid), { uid: true, source: true }, { uid: true })) {
        if (m.source) fetched.push({ uid: m.uid, raw: m.source }); // a message deleted meanwhile is simply absent
        // The rest of the chunk is the next run's (the connection is closed, not logged out of).
        if (settings.signal?.aborted) {
          stopped = true;
          break;
        }
      }
      fetched.sort((a, b) => a.uid - b.uid);
      // Cut short, only the chunk's first messages up to the first one missing are stored, so the mark passes over nothing.
      if (stopped) fetched = fetched.slice(0, downloadedPrefix(chunk.map((c) => c.uid), fetched));
      for (let i = 0; i < fetched.length; i += STORE_BATCH) {
        // Stopping, at most one group is stored after the signal: the rest is downloaded again by the next run.
        if (i > 0 && (await settings.shouldStop?.())) {
          stopped = true;
          break chunks;
        }
        const group = fetched.slice(i, i + STORE_BATCH);
        // The run's last group moves the mark over the whole batch in the transaction that stores it: one commit, not two.
        const last = !stopped && n === steps.length - 1 && i + STORE_BATCH >= fetched.length;
        const r = await storeMessages(deps, target, group, last ? { ...storeOptions, advance: markUpTo(Math.max(...batch), modseq) } : storeOptions).catch((err: Error) => {
          if (isFetchLeaseLost(err)) throw err;
          throw new StoreFailure(`Could not store messages ${group[0].uid}-${group.at(-1)!.uid} of "${folder}": ${publicErrorText(err)}`, { cause: err });
        });
        messages += group.length;
        documents += r.documents;
        kept.messages += group.length;
        kept.documents += r.documents;
        stored.push(...group.map((m) => m.uid));
        marked = last;
      }
      if (stopped) break;
    }
    // A stopped run moves the mark only past what it stored (and the too-large ones, recorded above,
    // below that), so nothing is passed over.
    if (stopped && stored.length === 0) return { messages, documents, skipped: tooLarge.length, more: false, stopped };
    if (!marked) await withFetchLease(deps.db, lease, markUpTo(stopped ? Math.max(...stored) : Math.max(...batch), modseq));

    if (stored.length > 0) await applyPostAction(client, account, stored);
    return { messages, documents, skipped: tooLarge.length, more: more && !stopped, stopped };
  } finally {
    lock.release();
  }
}

async function applyPostAction(client: ImapFlow, account: AccountRow, uids: number[]) {
  if (account.postAction === "mark_read") await client.messageFlagsAdd(uids, ["\\Seen"], { uid: true });
  else if (account.postAction === "flag") await client.messageFlagsAdd(uids, ["\\Flagged"], { uid: true });
  else if (account.postAction === "move" && account.postActionFolder) await client.messageMove(uids, account.postActionFolder, { uid: true });
}

/**
 * The folder's stored state. A folder met for the first time starts at the server's UIDVALIDITY with
 * nothing fetched: inserting it so, where no row can be overwritten, saves a reset in a transaction of its own.
 */
async function folderState(db: Db, accountId: string, name: string, uidValidity: number) {
  const find = () => db.select().from(mailFolders).where(and(eq(mailFolders.accountId, accountId), eq(mailFolders.name, name)));
  const [known] = await find();
  if (known) return known;
  const [made] = await db.insert(mailFolders).values({ accountId, name, uidValidity, lastUid: 0 }).onConflictDoNothing().returning();
  return made ?? (await find())[0];
}

type SkippedMeta = { uid: number; size?: number; envelope?: { from?: { address?: string; name?: string }[]; subject?: string; date?: Date | string } };

/** Recorded before the folder's mark moves past them; a repeated run finds them recorded already. */
async function recordSkipped(db: DbOrTx, target: { companyId: string; accountId: string; folder: string; uidValidity: number }, list: SkippedMeta[], maxBytes: number) {
  await db
    .insert(skippedMessages)
    .values(
      list.map((m) => ({
        ...target,
        uid: m.uid,
        fromAddress: m.envelope?.from?.[0]?.address?.slice(0, 320) ?? null,
        subject: m.envelope?.subject?.replace(/\u0000/g, "").slice(0, 1000) ?? null,
        sentAt: validDate(m.envelope?.date),
        size: m.size ?? 0,
        reason: `The message is ${megabytes(m.size ?? 0)}, over the limit of ${megabytes(maxBytes)} (MAX_MESSAGE_MB): it was left on the server, not downloaded.`,
      })),
    )
    .onConflictDoNothing();
}

function validDate(d: Date | string | undefined): Date | null {
  const date = d === undefined ? null : new Date(d);
  return date && !Number.isNaN(date.getTime()) ? date : null;
}

const megabytes = (n: number) => `${Number((n / 1024 / 1024).toFixed(1))} MB`;

/** Telling people is best effort: the run's outcome stands even when a notification cannot be written. */
async function tell(log: Logger, send: () => Promise<unknown>) {
  await send().catch((err) => log.warn({ err }, "notification not written"));
}

/**
 * Whether the run failed because the mailbox was taken over: told so by a store or a renewal, or,
 * for any other failure (a connection ended while the worker was stalled), by the lease row itself.
 */
async function leaseLost(db: Db, lease: FetchLease, err: unknown): Promise<boolean> {
  if (lease.lost || isFetchLeaseLost(err)) return true;
  // The database being down says nothing about the lease: the failure is reported as it is.
  return !(await renewFetchLease(db, lease).catch(() => true));
}

/** A run stopped because another worker took the mailbox over: not an error of the mailbox, whose status is left alone. */
async function handedOver(db: Db, runId: string, counts: Counts, log: Logger): Promise<FetchOutcome> {
  await finishRun(db, runId, { status: "lease_lost", ...counts });
  log.warn(counts, "fetch handed over: another worker took this mailbox over while this one was stalled; what was stored is kept");
  return { ok: true, ...counts, more: false, lease: "lost" };
}

/** How many of `fetched` (sorted) are the first of `wanted` (ascending UIDs), with none missing in between. */
function downloadedPrefix(wanted: number[], fetched: { uid: number }[]): number {
  let n = 0;
  while (n < fetched.length && n < wanted.length && fetched[n].uid === wanted[n]) n++;
  return n;
}

/**
 * Records the run's start. A run of the mailbox still open belonged to a worker that stopped or died
 * mid-fetch (this one holds the lease now): it ends where this one starts, handed over.
 */
async function startRun(db: Db, account: AccountRow): Promise<{ id: string }> {
  // One statement (a round trip, not four): the update's snapshot does not see the run inserted beside it.
  const [run] = await db.execute<{ id: string }>(sql`
    with run as (insert into ${fetchRuns} (company_id, account_id) values (${account.companyId}, ${account.id}) returning id, started_at),
    ended as (update ${fetchRuns} set status = 'lease_lost', finished_at = (select started_at from run) where account_id = ${account.id} and finished_at is null)
    select id from run`);
  return run;
}

async function finishRun(db: Db, id: string, values: { status: "ok" | "error" | "lease_lost"; messages: number; documents: number; skipped: number; error?: string; errorCode?: string }) {
  // A stalled run handed over meanwhile keeps the end the next run gave it.
  await db.update(fetchRuns).set({ ...values, finishedAt: sql`coalesce(${fetchRuns.finishedAt}, now())` }).where(eq(fetchRuns.id, id));
}

type Envelope = { from?: { address?: string; name?: string }[]; subject?: string } | undefined;

const needsEnvelope = (filters: AccountFilters) => Boolean(filters.from?.length || filters.subject?.length);

function passesFilters(filters: AccountFilters, envelope: Envelope): boolean {
  const from = (envelope?.from ?? []).map((a) => `${a.name ?? ""} <${a.address ?? ""}>`).join(", ");
  if (filters.from?.length && !filters.from.some((p) => textMatches(p, from))) return false;
  if (filters.subject?.length && !filters.subject.some((p) => textMatches(p, envelope?.subject ?? ""))) return false;
  return true;
}

/**
 * The messages to download in UID order: small ones in chunks fetched together, each one over
 * `streamBytes` alone, streamed. Storing strictly in order keeps the folder's last UID honest.
 */
function inUidOrder<T extends { uid: number; size: number }>(items: T[], streamBytes: number): ({ chunk: T[] } | { large: T })[] {
  const steps: ({ chunk: T[] } | { large: T })[] = [];
  let small: T[] = [];
  const flush = () => {
    steps.push(...chunkBySize(small, MAX_CHUNK_BYTES).map((chunk) => ({ chunk })));
    small = [];
  };
  for (const item of items) {
    if (item.size <= streamBytes) {
      small.push(item);
      continue;
    }
    flush();
    steps.push({ large: item });
  }
  flush();
  return steps;
}

function chunkBySize<T extends { size: number }>(items: T[], maxBytes: number): T[][] {
  const chunks: T[][] = [];
  let current: T[] = [];
  let bytes = 0;
  for (const item of items) {
    if (current.length > 0 && bytes + item.size > maxBytes) {
      chunks.push(current);
      current = [];
      bytes = 0;
    }
    current.push(item);
    bytes += item.size;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}
