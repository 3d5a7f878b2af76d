import path from "node:path";
import { EnvError, type Env } from "../env";
import { s3Storage } from "./s3";
import { createStorage } from "./storage";
import type { Storage, StorageDriver } from "./types";

/**
 * The storage this deployment is configured for: local disk under DATA_DIR, and S3 in front of
 * it when S3_BUCKET is set (files fall back to local disk while S3 fails, unless S3_FALLBACK_TO_DISK
 * is false). On Vercel the disk is
 * read-only and not shared between instances, so there it is S3 alone, and S3 is required.
 */
export function storageFromEnv(e: Env): Storage {
  const remote = s3FromEnv(e);
  if (e.VERCEL) {
    if (!remote) throw new EnvError(`${VERCEL_NEEDS_S3}: set S3_BUCKET, S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY (and S3_ENDPOINT, S3_REGION for a non-AWS store)`);
    return createStorage({ dataDir: null, remote });
  }
  return createStorage({ dataDir: path.resolve(e.DATA_DIR), remote, fallbackToDisk: e.S3_FALLBACK_TO_DISK });
}

export const VERCEL_NEEDS_S3 = "On Vercel files cannot be kept on local disk (read-only, and not shared with the worker), so S3 storage is required";

/** The S3 driver from S3_*, or undefined when S3 is not configured; partial settings are an error. */
export function s3FromEnv(e: Env): StorageDriver | undefined {
  const given = {
    S3_ENDPOINT: e.S3_ENDPOINT,
    S3_BUCKET: e.S3_BUCKET,
    S3_REGION: e.S3_REGION,
    S3_ACCESS_KEY_ID: e.S3_ACCESS_KEY_ID,
    S3_SECRET_ACCESS_KEY: e.S3_SECRET_ACCESS_KEY,
  };
  const set = Object.entries(given).filter(([, v]) => v !== undefined).map(([k]) => k);
  if (set.length === 0) return undefined;
  const required = ["S3_BUCKET", "S3_ACCESS_KEY_ID", "S3_SECRET_ACCESS_KEY"] as const;
  const missing = required.filter((k) => given[k] === undefined);
  if (missing.length > 0) {
    throw new EnvError(
      `S3 storage is partly configured (${set.join(", ")} set) but ${missing.join(", ")} ${missing.length === 1 ? "is" : "are"} missing: ` +
        `set ${missing.join(", ")} to store files on S3, or unset ${set.join(", ")} to keep them on local disk.`,
    );
  }
  if (e.S3_ENDPOINT !== undefined && !/^https?:\/\//.test(e.S3_ENDPOINT)) {
    throw new EnvError(`S3_ENDPOINT must be an http:// or https:// URL, got "${e.S3_ENDPOINT}"`);
  }
  return s3Storage({
    endpoint: e.S3_ENDPOINT,
    bucket: given.S3_BUCKET!,
    region: e.S3_REGION ?? "us-east-1",
    accessKeyId: given.S3_ACCESS_KEY_ID!,
    secretAccessKey: given.S3_SECRET_ACCESS_KEY!,
  });
}
