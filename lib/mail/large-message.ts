// Messages over STREAM_MESSAGE_MB never sit in memory whole: the message goes from the server to a
// temp file in chunks, hashed on the way; it is parsed from that file with its attachments written
// to files of their own (parse-file.ts), and stored from those files. The worker holds a few chunks
// and the text body, not the message. IMAP downloads it in chunks of its own; Gmail's answer is
// JSON whose `raw` field is decoded as it arrives (gmail/raw-stream.ts).
import { createHash } from "node:crypto";
import { createWriteStream } from "node:fs";
import { mkdtemp, readdir, rm, stat } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import type { ImapFlow } from "imapflow";
import type { PgBoss } from "pg-boss";
import type { Db } from "../db/client";
import type { FileBody, Storage } from "../storage/types";
import { publicErrorText } from "../errors";
import { analyzeMessageFile, isFileError } from "./parse-file";
import { isFetchLeaseLost } from "./fetch-lease";
import { prepareMessage, recordMessages, StoreFailure, type FolderTarget, type StoreResult } from "./record-messages";
import type { StoreOptions } from "./store-messages";

/** Temp folders are named so; one per message, removed when it is stored or fails. */
export const TEMP_PREFIX = "mailroom-message-";
// A fetch job expires after minutes: a message folder older than this belongs to a killed worker.
const STALE_AFTER_MS = 60 * 60 * 1000;
// Bytes asked of the server per FETCH: large enough for few round trips, small enough to hold.
const DOWNLOAD_CHUNK_BYTES = 1024 * 1024;

/** A file written whole, with its size and SHA-256. */
export type HashedFile = FileBody & { sha256: string };
/** Writes the raw message to `file`; undefined when the server no longer has it. */
export type DownloadToFile = (file: string) => Promise<HashedFile | undefined>;

/**
 * Downloads, parses and stores one IMAP message from temp files, exactly once like storeMessages:
 * files under their SHA-256 first, then one transaction with its rows and the folder's last UID.
 * Undefined when the message left the folder meanwhile. The mail server failing rejects as it is;
 * our side failing (temp disk, file store, database) rejects with a StoreFailure.
 */
export function storeLargeMessage(deps: StoreDeps, client: ImapFlow, target: FolderTarget, uid: number, opts: StoreOptions): Promise<StoreResult | undefined> {
  return storeMessageFile(deps, target, { uid }, `message ${uid} of "${target.folder}"`, (file) => downloadToFile(client, uid, file), opts);
}

type StoreDeps = { db: Db; boss: PgBoss; storage: Storage };

/** As storeLargeMessage, for a message `download` writes to a temp file; `key` names it among the mailbox's messages. */
export async function storeMessageFile(deps: StoreDeps, target: FolderTarget, key: { uid: number } | { providerMessageId: string }, label: string, download: DownloadToFile, opts: StoreOptions): Promise<StoreResult | undefined> {
  const ourSide = (err: unknown) => new StoreFailure(`Could not store ${label}: ${publicErrorText(err)}`, { cause: err });
  const dir = await mkdtemp(path.join(os.tmpdir(), TEMP_PREFIX)).catch((err) => Promise.reject(ourSide(err)));
  try {
    const raw = await download(path.join(dir, "message.eml")).catch((err) => Promise.reject(isFileError(err) ? ourSide(err) : err));
    if (!raw) return undefined;
    try {
      const analysis = await analyzeMessageFile(raw.path, dir, opts.maxAttachmentBytes);
      const prepared = await prepareMessage((k, body) => deps.storage.put(k, body), target.companyId, { ...key, raw, size: raw.size, analysis: { rawSha256: raw.sha256, ...analysis } }, opts.filters);
      return await recordMessages(deps, target, [prepared], opts);
    } catch (err) {
      // The mailbox taken over by another worker is that, not a failure to store.
      throw isFetchLeaseLost(err) ? err : ourSide(err);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Removes message folders a killed worker left in the temp dir (`kill -9` skips every finally); returns how many. */
export async function removeStaleTempFolders(now = Date.now()): Promise<number> {
  const tmp = os.tmpdir();
  let removed = 0;
  for (const name of await readdir(tmp)) {
    if (!name.startsWith(TEMP_PREFIX)) continue;
    const full = path.join(tmp, name);
    const info = await stat(full).catch(() => undefined);
    if (!info || now - info.mtimeMs < STALE_AFTER_MS) continue;
    await rm(full, { recursive: true, force: true });
    removed++;
  }
  return removed;
}

/** The raw message written to `file` chunk by chunk, with its size and SHA-256; undefined when it is gone. */
async function downloadToFile(client: ImapFlow, uid: number, file: string): Promise<HashedFile | undefined> {
  const download = await client.download(String(uid), undefined, { uid: true, chunkSize: DOWNLOAD_CHUNK_BYTES });
  if (!download.content) return undefined;
  return writeHashed(download.content, file);
}

/** `chunks` written to a new `file`, hashed on the way: its path, size and SHA-256. */
export async function writeHashed(chunks: AsyncIterable<Buffer>, file: string): Promise<HashedFile> {
  const hash = createHash("sha256");
  let size = 0;
  await pipeline(
    chunks,
    async function* (source: AsyncIterable<Buffer>) {
      for await (const chunk of source) {
        hash.update(chunk);
        size += chunk.length;
        yield chunk;
      }
    },
    createWriteStream(file, { flags: "wx", mode: 0o600 }),
  );
  return { path: file, size, sha256: hash.digest("hex") };
}
