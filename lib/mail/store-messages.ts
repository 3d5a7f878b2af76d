import { and, eq, inArray, ne, sql } from "drizzle-orm";
import type { PgBoss } from "pg-boss";
import type { Db, DbOrTx } from "../db/client";
import { mailFolders, type AccountFilters } from "../db/schema/accounts";
import { attachments, emails } from "../db/schema/mail";
import { documents } from "../db/schema/documents";
import { bossExecutor } from "../queue";
import { documentProcessJob } from "../documents/schemas";
import { documentKey, rawEmailKey } from "../storage/storage";
import type { Storage, StorageType } from "../storage/types";
import type { AttachmentDecision } from "./parse";
import { analyzeMessage, type MessageAnalysis } from "./analyze";
import { globMatch } from "./attachments";
import { emailSearchText } from "../documents/search";
import { emailTriageJob } from "../triage/schemas";

/** The body kept on the email for triage and the review queue; longer bodies are cut. */
const MAX_BODY_CHARS = 100_000;

/** Where messages come from: an IMAP folder at a UIDVALIDITY, or (uidValidity null) a Gmail mailbox. */
export type FolderTarget = { companyId: string; accountId: string; folder: string; uidValidity: number | null };
/** An IMAP message has its uid; a Gmail message its Gmail id. */
export type FetchedMessage = { uid?: number; providerMessageId?: string; raw: Buffer };
/** `advance`: moves a sync cursor in the same transaction that stores what it covers (Gmail's page token or history id). */
export type StoreOptions = { maxAttachmentBytes: number; filters: AccountFilters; advance?: (tx: DbOrTx) => Promise<unknown> };
export type StoreResult = { emails: number; documents: number };

type Prepared = FetchedMessage & {
  rawSha256: string;
  rawKey: string;
  rawStorage: StorageType;
  parsed?: MessageAnalysis["parsed"];
  parseError?: string;
  decisions: AttachmentDecision[];
  fileStorage: Map<string, StorageType>;
};

/**
 * Stores fetched messages of one folder exactly once: files first (content-addressed, so repeating
 * is harmless), then one transaction with the emails, their attachments, new documents, their jobs
 * and the folder's last UID. A crash anywhere repeats the batch; it never loses or duplicates it.
 */
export async function storeMessages(deps: { db: Db; boss: PgBoss; storage: Storage }, target: FolderTarget, messages: FetchedMessage[], opts: StoreOptions): Promise<StoreResult> {
  if (messages.length === 0) {
    if (opts.advance) await opts.advance(deps.db);
    return { emails: 0, documents: 0 };
  }
  // Analysed together (large ones in threads, analyze.ts); their files written FILE_WRITES at a time.
  const analyses = await Promise.all(messages.map((m) => analyzeMessage(m.raw, opts.maxAttachmentBytes)));
  const put = batchWriter(deps.storage);
  const prepared = await Promise.all(messages.map((m, i) => prepare(put, target.companyId, m, analyses[i], opts)));

  return deps.db.transaction(async (tx) => {
    const fresh = await skipResynced(tx, target, prepared);
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
    const firstBySha = new Map<string, { p: Prepared; d: Extract<AttachmentDecision, { keep: true }> }>();
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

type Put = (key: string, data: Buffer) => Promise<StorageType>;

async function prepare(put: Put, companyId: string, m: FetchedMessage, analysis: MessageAnalysis, opts: StoreOptions): Promise<Prepared> {
  const { rawSha256, parsed, parseError } = analysis;
  const decisions = analysis.decisions.map((d) => applyFilenameFilters(d, opts.filters));
  const rawKey = rawEmailKey(companyId, rawSha256);
  const kept = decisions.filter((d) => d.keep);
  const [rawStorage, ...fileTypes] = await Promise.all([put(rawKey, m.raw), ...kept.map((d) => put(documentKey(companyId, d.sha256), d.content))]);
  const fileStorage = new Map<string, StorageType>(kept.map((d, i) => [d.sha256, fileTypes[i]]));
  return { ...m, rawSha256, rawKey, rawStorage, parsed, parseError, decisions, fileStorage };
}

/** Files of one batch written at once, up to FILE_WRITES at a time: one by one, a batch waited on each write in turn. */
const FILE_WRITES = 8;

/** A batch's file writer: keys are content hashes, so a key met twice in the batch is written once. */
function batchWriter(storage: Storage): Put {
  const writes = new Map<string, Promise<StorageType>>();
  const waiting: (() => void)[] = [];
  let running = 0;
  const acquire = () => (running < FILE_WRITES ? (running++, Promise.resolve()) : new Promise<void>((resolve) => waiting.push(resolve)));
  // A finished write hands its slot straight to the next one waiting.
  const release = () => {
    const next = waiting.shift();
    if (next) next();
    else running--;
  };
  return (key, data) => {
    let write = writes.get(key);
    if (!write) {
      write = acquire().then(() => storage.put(key, data).finally(release));
      writes.set(key, write);
    }
    return write;
  };
}

/**
 * After a UIDVALIDITY change the same messages come back under new UIDs: those already kept are
 * moved to their new UID instead of stored again. Returns the messages still to store.
 */
async function skipResynced(tx: DbOrTx, target: FolderTarget, prepared: Prepared[]): Promise<Prepared[]> {
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
  const rest: Prepared[] = [];
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

function emailRow(target: FolderTarget, p: Prepared) {
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
    size: p.raw.length,
    rawSha256: p.rawSha256,
    rawKey: p.rawKey,
    storageType: p.rawStorage,
    status: p.parseError ? ("parse_error" as const) : ("stored" as const),
    error: p.parseError,
    attachmentCount: p.decisions.length,
  };
}

const messageKey = (m: { uid?: number | null; providerMessageId?: string | null }) => m.providerMessageId ?? `uid:${m.uid}`;

function applyFilenameFilters(d: AttachmentDecision, filters: AccountFilters): AttachmentDecision {
  if (!d.keep) return d;
  const include = filters.filename_include ?? [];
  const exclude = filters.filename_exclude ?? [];
  const excluded = exclude.some((p) => globMatch(p, d.filename));
  const notIncluded = include.length > 0 && !include.some((p) => globMatch(p, d.filename));
  if (!excluded && !notIncluded) return d;
  return {
    keep: false,
    filename: d.filename,
    declaredType: d.declaredType,
    contentType: d.contentType,
    size: d.size,
    reason: excluded ? "excluded by the account's file name filter" : "does not match the account's file name filter",
  };
}

/** Postgres text cannot hold NUL; a header carrying one must not make a message unstorable. */
function clean(value: string | undefined, max: number): string | undefined {
  return value?.replace(/\u0000/g, "").slice(0, max);
}
