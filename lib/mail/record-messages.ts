import { and, eq, inArray, ne, sql } from "drizzle-orm";
import type { PgBoss } from "pg-boss";
import type { Db, DbOrTx } from "../db/client";
import { mailFolders, type AccountFilters } from "../db/schema/accounts";
import { attachments, emails } from "../db/schema/mail";
import { documents } from "../db/schema/documents";
import { bossExecutor } from "../queue";
import { documentProcessJob } from "../documents/schemas";
import { documentKey, rawEmailKey } from "../storage/storage";
import type { PutBody, StorageType } from "../storage/types";
import { applyFilenameFilters, uniqueKept, withoutContent, type AttachmentDecision, type KeptAttachment, type SkippedAttachment } from "./parse";
import type { MessageAnalysis, StoredAnalysis } from "./analyze";
import { emailSearchText } from "../documents/search";
import { emailTriageJob } from "../triage/schemas";
import { holdFetchLease, type FetchLease } from "./fetch-lease";

/** The body kept on the email for triage and the review queue; longer bodies are cut. */
const MAX_BODY_CHARS = 100_000;

/** Where messages come from: an IMAP folder at a UIDVALIDITY, or (uidValidity null) a Gmail mailbox. */
export type FolderTarget = { companyId: string; accountId: string; folder: string; uidValidity: number | null };
export type StoreResult = { emails: number; documents: number };
/**
 * `advance`: moves a sync cursor in the same transaction that stores what it covers (Gmail's page token or history id).
 * `lease`: the fetch's hold on the mailbox (fetch-lease.ts); the transaction commits only while it is still the fetch's, or throws FetchLeaseLost.
 */
export type RecordOptions = { advance?: (tx: DbOrTx) => Promise<unknown>; lease?: FetchLease };

/** Storing failed on Mailroom's side (disk, file store, database), not the mail server's. */
export class StoreFailure extends Error {}

/** Writes one file to storage (Storage.put, or a batch's writer that limits and shares writes). */
export type PutFile = (key: string, body: PutBody) => Promise<StorageType>;

/** A message analysed, in memory or streamed to temp files: its raw bytes or file, and each part judged. */
export type AnalysedMessage = {
  uid?: number;
  providerMessageId?: string;
  raw: PutBody;
  size: number;
  analysis: Omit<MessageAnalysis, "decisions"> & { decisions: AttachmentDecision<PutBody>[] };
};

/** A message whose files are stored, ready for its row. */
export type PreparedMessage = {
  uid?: number;
  providerMessageId?: string;
  size: number;
  rawSha256: string;
  rawKey: string;
  rawStorage: StorageType;
  parsed?: MessageAnalysis["parsed"];
  parseError?: string;
  decisions: (KeptAttachment | SkippedAttachment)[];
  fileStorage: Map<string, StorageType>;
};

/**
 * Stores a message's files under their SHA-256 (the raw message, and each kept attachment once):
 * repeating this after a crash rewrites the same files. Its rows follow in recordMessages.
 */
export async function prepareMessage(put: PutFile, companyId: string, m: AnalysedMessage, filters: AccountFilters): Promise<PreparedMessage> {
  const decisions = m.analysis.decisions.map((d) => applyFilenameFilters(d, filters));
  const kept = uniqueKept(decisions);
  // Written together: one after another, a message waited on each write in turn.
  const [rawStorage, ...fileTypes] = await Promise.all([put(rawEmailKey(companyId, m.analysis.rawSha256), m.raw), ...kept.map((d) => put(documentKey(companyId, d.sha256), d.content))]);
  // The bytes are stored: only what the rows need is kept.
  return prepared(companyId, { ...m, analysis: { ...m.analysis, decisions: decisions.map(withoutContent) } }, rawStorage, new Map(kept.map((d, i) => [d.sha256, fileTypes[i]])));
}

/** A message whose files its parse thread already stored on local disk (analyze.ts, storeOnDisk). */
export function preparedOnDisk(companyId: string, m: Omit<AnalysedMessage, "raw" | "analysis"> & { analysis: StoredAnalysis }): PreparedMessage {
  return prepared(companyId, m, "local", new Map(uniqueKept(m.analysis.decisions).map((d) => [d.sha256, "local" as const])));
}

function prepared(companyId: string, m: Omit<AnalysedMessage, "raw" | "analysis"> & { analysis: Omit<StoredAnalysis, "stored"> }, rawStorage: StorageType, fileStorage: Map<string, StorageType>): PreparedMessage {
  const { rawSha256, parsed, parseError, decisions } = m.analysis;
  return { uid: m.uid, providerMessageId: m.providerMessageId, size: m.size, rawSha256, rawKey: rawEmailKey(companyId, rawSha256), rawStorage, parsed, parseError, decisions, fileStorage };
}

/**
 * Records prepared messages of one folder exactly once, in one transaction: the emails, their
 * attachments, new documents, their jobs and the folder's last UID. A crash anywhere repeats the
 * batch; it never loses or duplicates it.
 */
export async function recordMessages(deps: { db: Db; boss: PgBoss }, target: FolderTarget, messages: PreparedMessage[], opts: RecordOptions = {}): Promise<StoreResult> {
  if (messages.length === 0) {
    const advance = opts.advance;
    if (advance)
      await deps.db.transaction(async (tx) => {
        if (opts.lease) await holdFetchLease(tx, opts.lease);
        await advance(tx);
      });
    return { emails: 0, documents: 0 };
  }
  return deps.db.transaction(async (tx) => {
    // First, so the lease row stays locked until this commits: no other worker can take the mailbox over in between.
    if (opts.lease) await holdFetchLease(tx, opts.lease);
    const fresh = await skipResynced(tx, target, messages);
    const inserted = fresh.length
      ? await tx
          .insert(emails)
          .values(fresh.map((p) => emailRow(target, p)))
          .onConflictDoNothing()
          .returning({ id: emails.id, uid: emails.uid, providerMessageId: emails.providerMessageId })
      : [];
    const emailIdByKey = new Map(inserted.map((e) => [messageKey(e), e.id]));
    // Every stored email is triaged; the job exists only if the email does.
    if (inserted.length) await deps.boss.insert(emailTriageJob.name, inserted.map((e) => ({ data: emailTriageJob.schema.parse({ email_id: e.id, company_id: target.companyId }) })), { db: bossExecutor(tx) });
    const stored = fresh.filter((p) => emailIdByKey.has(messageKey(p)));

    // One document per file content in the company; the first email that brought it owns it.
    const firstBySha = new Map<string, { p: PreparedMessage; d: KeptAttachment }>();
    for (const p of stored) for (const d of p.decisions) if (d.keep && !firstBySha.has(d.sha256)) firstBySha.set(d.sha256, { p, d });
    const newDocs = firstBySha.size
      ? await tx
          .insert(documents)
          .values(
            [...firstBySha.values()].map(({ p, d }) => ({
              companyId: target.companyId,
              accountId: target.accountId,
              emailId: emailIdByKey.get(messageKey(p))!,
              filename: d.filename,
              contentType: d.contentType,
              size: d.size,
              sha256: d.sha256,
              fileKey: documentKey(target.companyId, d.sha256),
              storageType: p.fileStorage.get(d.sha256)!,
              emailSearch: emailSearchText({ subject: clean(p.parsed?.subject, 2000), from: clean(p.parsed?.from, 998) }),
            })),
          )
          .onConflictDoNothing()
          .returning({ id: documents.id, sha256: documents.sha256 })
      : [];
    if (newDocs.length) {
      const jobs = newDocs.map((d) => ({ data: documentProcessJob.schema.parse({ document_id: d.id, company_id: target.companyId }), singletonKey: d.id }));
      await deps.boss.insert(documentProcessJob.name, jobs, { db: bossExecutor(tx) });
    }
    const docIdBySha = new Map(newDocs.map((d) => [d.sha256, d.id]));
    const known = [...firstBySha.keys()].filter((sha) => !docIdBySha.has(sha));
    if (known.length) {
      const rows = await tx
        .select({ id: documents.id, sha256: documents.sha256 })
        .from(documents)
        .where(and(eq(documents.companyId, target.companyId), inArray(documents.sha256, known)));
      for (const r of rows) docIdBySha.set(r.sha256, r.id);
    }

    const attachmentRows = stored.flatMap((p) =>
      p.decisions.map((d) => ({
        companyId: target.companyId,
        emailId: emailIdByKey.get(messageKey(p))!,
        filename: d.filename,
        declaredType: d.declaredType,
        contentType: d.contentType ?? null,
        size: d.size,
        sha256: d.keep ? d.sha256 : null,
        status: d.keep ? ("document" as const) : ("skipped" as const),
        reason: d.keep ? null : d.reason,
        documentId: d.keep ? docIdBySha.get(d.sha256) ?? null : null,
      })),
    );
    if (attachmentRows.length) await tx.insert(attachments).values(attachmentRows);

    if (target.uidValidity !== null) {
      const top = Math.max(...messages.map((m) => m.uid ?? 0));
      await tx
        .update(mailFolders)
        .set({ lastUid: sql`greatest(${mailFolders.lastUid}, ${top})`, updatedAt: new Date() })
        .where(and(eq(mailFolders.accountId, target.accountId), eq(mailFolders.name, target.folder)));
    }
    if (opts.advance) await opts.advance(tx);
    return { emails: inserted.length, documents: newDocs.length };
  });
}

/**
 * After a UIDVALIDITY change the same messages come back under new UIDs: those already kept are
 * moved to their new UID instead of stored again. Returns the messages still to store.
 */
async function skipResynced(tx: DbOrTx, target: FolderTarget, prepared: PreparedMessage[]): Promise<PreparedMessage[]> {
  // Gmail ids never change: a message met again is skipped by the (account, provider_message_id) key.
  if (target.uidValidity === null) return prepared;
  const old = await tx
    .select({ id: emails.id, rawSha256: emails.rawSha256 })
    .from(emails)
    .where(
      and(
        eq(emails.accountId, target.accountId),
        eq(emails.folder, target.folder),
        ne(emails.uidValidity, target.uidValidity),
        inArray(emails.rawSha256, prepared.map((p) => p.rawSha256)),
      ),
    );
  if (old.length === 0) return prepared;
  const rest: PreparedMessage[] = [];
  for (const p of prepared) {
    const i = old.findIndex((o) => o.rawSha256 === p.rawSha256);
    if (i < 0) {
      rest.push(p);
      continue;
    }
    const [match] = old.splice(i, 1);
    await tx.update(emails).set({ uidValidity: target.uidValidity, uid: p.uid }).where(eq(emails.id, match.id));
  }
  return rest;
}

function emailRow(target: FolderTarget, p: PreparedMessage) {
  return {
    companyId: target.companyId,
    accountId: target.accountId,
    folder: target.folder,
    uidValidity: target.uidValidity,
    uid: p.uid ?? null,
    providerMessageId: p.providerMessageId ?? null,
    messageId: clean(p.parsed?.messageId, 998),
    fromAddress: clean(p.parsed?.from, 998),
    toAddress: clean(p.parsed?.to, 2000),
    subject: clean(p.parsed?.subject, 2000),
    bodyText: clean(p.parsed?.text, MAX_BODY_CHARS),
    replyHeaders: p.parsed?.replyHeaders ?? {},
    sentAt: p.parsed?.date,
    size: p.size,
    rawSha256: p.rawSha256,
    rawKey: p.rawKey,
    storageType: p.rawStorage,
    status: p.parseError ? ("parse_error" as const) : ("stored" as const),
    error: p.parseError,
    attachmentCount: p.decisions.length,
  };
}

const messageKey = (m: { uid?: number | null; providerMessageId?: string | null }) => m.providerMessageId ?? `uid:${m.uid}`;

/** Postgres text cannot hold NUL; a header carrying one must not make a message unstorable. */
function clean(value: string | undefined, max: number): string | undefined {
  return value?.replace(/\u0000/g, "").slice(0, max);
}
