import { DeleteObjectCommand, GetObjectCommand, PutObjectCommand, S3Client, S3ServiceException, type S3ClientConfig } from "@aws-sdk/client-s3";
import { createReadStream } from "node:fs";
import type { FileBody, StorageDriver } from "./types";

export type S3Options = {
  /** Custom endpoint for S3-compatible services (MinIO, R2, …); omit for AWS. */
  endpoint?: string;
  bucket: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** Defaults to true when an endpoint is given: most S3-compatible servers have no per-bucket host names. */
  forcePathStyle?: boolean;
  /**
   * Limits that keep a dead or hung S3 from stalling a fetch: the caller falls back to local
   * disk once they are spent. Defaults: 3 s to connect, 10 s of silence on the socket,
   * 60 s for a whole request, 2 attempts. After a put fails for want of a working server
   * (network error, timeout, 5xx), puts fail at once for `cooldownMs` (default 30 s) instead of
   * each waiting out the limits again, so a fetch of many files is not stalled file by file.
   */
  limits?: { connectMs?: number; idleMs?: number; requestMs?: number; attempts?: number; cooldownMs?: number };
};

/** An S3 or S3-compatible bucket. Keys are used as object keys as they are. */
export function s3Storage(opts: S3Options): StorageDriver {
  const l = opts.limits ?? {};
  const limits = { connectMs: l.connectMs ?? 3_000, idleMs: l.idleMs ?? 10_000, requestMs: l.requestMs ?? 60_000, attempts: l.attempts ?? 2, cooldownMs: l.cooldownMs ?? 30_000 };
  const config: S3ClientConfig = {
    region: opts.region,
    endpoint: opts.endpoint,
    forcePathStyle: opts.forcePathStyle ?? Boolean(opts.endpoint),
    credentials: { accessKeyId: opts.accessKeyId, secretAccessKey: opts.secretAccessKey },
    requestHandler: {
      connectionTimeout: limits.connectMs,
      socketTimeout: limits.idleMs,
      requestTimeout: limits.requestMs,
      throwOnRequestTimeout: true,
    },
    // Third-party S3 servers do not all understand the SDK's default CRC trailers; send them only when required.
    ...(opts.endpoint ? { requestChecksumCalculation: "WHEN_REQUIRED", responseChecksumValidation: "WHEN_REQUIRED" } : {}),
  };
  const client = new S3Client({ ...config, maxAttempts: limits.attempts });
  // The SDK never retries a streamed body (it can be read once): putFile does, each attempt with a fresh
  // stream. Its console warning on each such failure is left out; the caller reports the failure.
  const fileClient = new S3Client({ ...config, maxAttempts: 1, logger: { debug() {}, info() {}, warn() {}, error() {} } });
  const Bucket = opts.bucket;
  const where = (key: string) => `s3://${Bucket}/${key}`;
  let down: { until: number; reason: string } | undefined;

  /** Streamed from disk with its length, so the SDK sends it without reading it into memory. */
  async function putFile(key: string, file: FileBody) {
    for (let attempt = 1; ; attempt++) {
      const Body = createReadStream(file.path);
      try {
        return await fileClient.send(new PutObjectCommand({ Bucket, Key: key, Body, ContentLength: file.size }));
      } catch (err) {
        if (attempt >= limits.attempts || !isUnavailable(err)) throw err;
      } finally {
        Body.destroy();
      }
    }
  }

  return {
    type: "s3",
    async put(key, data) {
      if (down && Date.now() < down.until) {
        throw new Error(`S3 put ${where(key)} skipped: S3 is unavailable (${down.reason}); trying again in ${Math.ceil((down.until - Date.now()) / 1000)} s`);
      }
      try {
        if (Buffer.isBuffer(data)) await client.send(new PutObjectCommand({ Bucket, Key: key, Body: data, ContentLength: data.length }));
        else await putFile(key, data);
        down = undefined;
      } catch (err) {
        const reason = describe(err);
        if (isUnavailable(err)) down = { until: Date.now() + limits.cooldownMs, reason };
        throw new Error(`S3 put ${where(key)} failed: ${reason}`, { cause: err });
      }
    },
    async get(key) {
      try {
        const res = await client.send(new GetObjectCommand({ Bucket, Key: key }));
        if (!res.Body) throw new Error("empty response body");
        const bytes = await res.Body.transformToByteArray();
        return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      } catch (err) {
        if (isMissing(err)) throw new Error(`S3 object ${where(key)} does not exist`, { cause: err });
        throw new Error(`S3 get ${where(key)} failed: ${describe(err)}`, { cause: err });
      }
    },
    async delete(key) {
      try {
        await client.send(new DeleteObjectCommand({ Bucket, Key: key }));
      } catch (err) {
        // S3 answers 204 for a missing key; some compatible servers answer 404 instead.
        if (isMissing(err)) return;
        throw new Error(`S3 delete ${where(key)} failed: ${describe(err)}`, { cause: err });
      }
    },
  };
}

function isMissing(err: unknown): boolean {
  if (!(err instanceof S3ServiceException)) return false;
  return err.name === "NoSuchKey" || err.name === "NotFound" || (err.$metadata?.httpStatusCode === 404 && err.name !== "NoSuchBucket");
}

/** No working server answered: a network error, a timeout or a 5xx (not a refusal such as 403 or 404). */
function isUnavailable(err: unknown): boolean {
  if (err instanceof S3ServiceException) return (err.$metadata?.httpStatusCode ?? 500) >= 500;
  return true;
}

function describe(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const code = (err as { code?: string }).code;
  const status = err instanceof S3ServiceException ? err.$metadata?.httpStatusCode : undefined;
  return [err.name !== "Error" ? err.name : undefined, code && code !== err.name ? code : undefined, status ? `HTTP ${status}` : undefined, err.message]
    .filter(Boolean)
    .join(": ");
}
