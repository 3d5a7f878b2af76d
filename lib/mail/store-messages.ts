import type { PgBoss } from "pg-boss";
import type { Db } from "../db/client";
import type { AccountFilters } from "../db/schema/accounts";
import type { Storage, StorageType } from "../storage/types";
import { analyzeMessages } from "./analyze";
import { preparedOnDisk, prepareMessage, recordMessages, type FolderTarget, type PutFile, type RecordOptions, type StoreResult } from "./record-messages";

/** An IMAP message has its uid; a Gmail message its Gmail id. */
export type FetchedMessage = { uid?: number; providerMessageId?: string; raw: Buffer };
export type StoreOptions = RecordOptions & { maxAttachmentBytes: number; filters: AccountFilters };

/**
 * Stores downloaded messages of one folder exactly once: files first (content-addressed, so repeating
 * is harmless), then one transaction with the emails, their attachments, new documents, their jobs
 * and the folder's last UID. A crash anywhere repeats the batch; it never loses or duplicates it.
 * Messages too large to hold in memory take lib/mail/large-message.ts instead. A message's bytes
 * may be handed to the thread that stores them: `raw` is not the caller's to read afterwards.
 */
export async function storeMessages(deps: { db: Db; boss: PgBoss; storage: Storage }, target: FolderTarget, messages: FetchedMessage[], opts: StoreOptions): Promise<StoreResult> {
  // Analysed together: large ones in threads (analyze.ts), which also write their files when they go
  // to local disk; the others' files are written here, FILE_WRITES at a time.
  const root = deps.storage.localRoot;
  const disk = root === undefined ? undefined : { root, companyId: target.companyId, filters: opts.filters };
  // Sizes first: a message handed to a thread that stores it is no longer the caller's to read.
  const sizes = messages.map((m) => m.raw.length);
  const analysed = await analyzeMessages(messages.map((m) => m.raw), opts.maxAttachmentBytes, disk);
  const put = batchWriter(deps.storage);
  const prepared = await Promise.all(
    messages.map((m, i) => {
      const a = analysed[i];
      const message = { uid: m.uid, providerMessageId: m.providerMessageId, size: sizes[i] };
      if ("raw" in a) return prepareMessage(put, target.companyId, { ...message, raw: a.raw, analysis: a.analysis }, opts.filters);
      return preparedOnDisk(target.companyId, { ...message, analysis: a.analysis });
    }),
  );
  return recordMessages(deps, target, prepared, opts);
}

/** Files of one batch written at once, up to FILE_WRITES at a time: one by one, a batch waited on each write in turn. */
const FILE_WRITES = 8;

/** A batch's file writer: keys are content hashes, so a key met twice in the batch is written once. */
function batchWriter(storage: Storage): PutFile {
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
  return (key, body) => {
    let write = writes.get(key);
    if (!write) {
      write = acquire().then(() => storage.put(key, body).finally(release));
      writes.set(key, write);
    }
    return write;
  };
}
