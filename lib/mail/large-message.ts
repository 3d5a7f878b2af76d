// IMAP messages over STREAM_MESSAGE_MB never sit in memory whole: the message goes from the server
// to a temp file in chunks, hashed on the way; it is parsed from that file with its attachments
// written to files of their own (parse-file.ts), and stored from those files. The worker holds a
// few chunks and the text body, not the message. Gmail's API answers each message as one JSON
// body, so Gmail messages are not streamed (MAX_MESSAGE_MB bounds them).
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

/**
 * Downloads, parses and stores one IMAP message from temp files, exactly once like storeMessages:
 * files under their SHA-256 first, then one transaction with its rows and the folder's last UID.
 * Undefined when the message left the folder meanwhile. The mail server failing rejects as it is;
 * our side failing (temp disk, file store, database) rejects with a StoreFailure.
 */
export async function storeLargeMessage(deps: { db: Db; boss: PgBoss; storage: Storage }, client: ImapFlow, target: FolderTarget, uid: number, opts: StoreOptions): Promise<StoreResult | undefined> {
  const ourSide = (err: unknown) => new StoreFailure(`Could not store message ${uid} of "${target.folder}": ${publicErrorText(err)}`, { cause: err });
  const dir = await mkdtemp(path.join(os.tmpdir(), TEMP_PREFIX)).catch((err) => Promise.reject(ourSide(err)));
  try {
    const raw = await downloadToFile(client, uid, path.join(dir, "message.eml")).catch((err) => Promise.reject(isFileError(err) ? ourSide(err) : err));
    if (!raw) return undefined;
    try {
      const analysis = await analyzeMessageFile(raw.path, dir, opts.maxAttachmentBytes);
      const prepared = await prepareMessage((key, body) => deps.storage.put(key, body), target.companyId, { uid, raw, size: raw.size, analysis: { rawSha256: raw.sha256, ...analysis } }, opts.filters);
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
async function downloadToFile(client: ImapFlow, uid: number, file: string): Promise<(FileBody & { sha256: string }) | undefined> {
  const download = await client.download(String(uid), undefined, { uid: true, chunkSize: DOWNLOAD_CHUNK_BYTES });
  if (!download.content) return undefined;
  const hash = createHash("sha256");
  let size = 0;
  await pipeline(
    download.content,
    async function* (chunks: AsyncIterable<Buffer>) {
      for await (const chunk of chunks) {
        hash.update(chunk);
        size += chunk.length;
        yield chunk;
      }
    },
    createWriteStream(file, { flags: "wx", mode: 0o600 }),
  );
  return { path: file, size, sha256: hash.digest("hex") };
}
