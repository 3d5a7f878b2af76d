import type { PgBoss } from "pg-boss";
import type { Db } from "../db/client";
import type { AccountFilters } from "../db/schema/accounts";
import type { Storage } from "../storage/types";
import { analyzeMessage } from "./analyze";
import { prepareMessage, recordMessages, type FolderTarget, type PreparedMessage, type RecordOptions, type StoreResult } from "./record-messages";

/** An IMAP message has its uid; a Gmail message its Gmail id. */
export type FetchedMessage = { uid?: number; providerMessageId?: string; raw: Buffer };
export type StoreOptions = RecordOptions & { maxAttachmentBytes: number; filters: AccountFilters };

/**
 * Stores downloaded messages of one folder exactly once: files first (content-addressed, so repeating
 * is harmless), then one transaction with the emails, their attachments, new documents, their jobs
 * and the folder's last UID. A crash anywhere repeats the batch; it never loses or duplicates it.
 * Messages too large to hold in memory take lib/mail/large-message.ts instead.
 */
export async function storeMessages(deps: { db: Db; boss: PgBoss; storage: Storage }, target: FolderTarget, messages: FetchedMessage[], opts: StoreOptions): Promise<StoreResult> {
  // Analysed together (large ones in threads, analyze.ts), stored one after another.
  const analyses = await Promise.all(messages.map((m) => analyzeMessage(m.raw, opts.maxAttachmentBytes)));
  const prepared: PreparedMessage[] = [];
  for (const [i, m] of messages.entries()) {
    prepared.push(await prepareMessage(deps.storage, target.companyId, { ...m, size: m.raw.length, analysis: analyses[i] }, opts.filters));
  }
  return recordMessages(deps, target, prepared, opts);
}
