import path from "node:path";
import { AppError } from "../errors";
import { logger } from "../logger";
import { localStorage } from "./local";
import type { Storage, StorageDriver, StorageType } from "./types";

/**
 * Puts files on the preferred driver and falls back to local disk when it fails,
 * so a storage outage never loses mail; each row records where its file went.
 * `dataDir: null` means no local disk at all (Vercel): files go to the remote driver or fail.
 * `fallbackToDisk: false` keeps local disk for reading older files but never saves new ones there.
 */
export function createStorage(opts: { dataDir: string | null; remote?: StorageDriver; fallbackToDisk?: boolean }): Storage {
  const localRoot = opts.dataDir === null ? undefined : path.join(opts.dataDir, "files");
  const local = localRoot === undefined ? undefined : localStorage(localRoot);
  const drivers: Record<StorageType, StorageDriver | undefined> = { local, s3: opts.remote };
  const driver = (type: StorageType) => {
    const d = drivers[type];
    if (!d) throw new Error(`storage "${type}" is not configured`);
    return d;
  };
  return {
    async put(key, data) {
      if (opts.remote) {
        try {
          await opts.remote.put(key, data);
          return opts.remote.type;
        } catch (err) {
          // Without a local disk (Vercel), or where other machines could not read it, there is no falling back.
          if (!local || opts.fallbackToDisk === false) throw storageFailed("save", err);
          logger.warn({ err, key }, "remote storage failed, keeping the file on local disk");
        }
      }
      if (!local) throw storageFailed("save", new Error("no storage is configured"));
      await local.put(key, data).catch((err) => Promise.reject(storageFailed("save", err)));
      return "local";
    },
    localRoot: opts.remote ? undefined : localRoot,
    putOn: (type, key, data) => guarded("save", () => driver(type).put(key, data)),
    get: (type, key) => guarded("read", () => driver(type).get(key)),
    delete: (type, key) => guarded("delete", () => driver(type).delete(key)),
  };
}

/** A driver's work, its failure (even a synchronous one, such as an unconfigured driver) answered as storageFailed. */
function guarded<T>(action: "save" | "read" | "delete", work: () => Promise<T>): Promise<T> {
  return Promise.resolve()
    .then(work)
    .catch((err) => Promise.reject(storageFailed(action, err)));
}

/** Drivers' errors name paths, buckets and endpoints: people get this sentence and a code, the log gets the cause. */
function storageFailed(action: "save" | "read" | "delete", cause: unknown): AppError {
  return new AppError("storage.failed", `The file store could not ${action} a file; the details were logged`, { status: 503, expose: true, cause });
}

export { documentKey, rawEmailKey } from "./keys";
