import path from "node:path";
import { env, EnvError, type Env } from "../env";
import { keyring } from "../crypto/keyring";
import { storageFromEnv } from "../storage/from-env";
import type { WorkerSettings } from "../queue";

export const DEFAULT_SETTINGS: Omit<WorkerSettings, "concurrency" | "ocr" | "gemini"> = {
  maxAttachmentBytes: 25 * 1024 * 1024,
  maxMessageBytes: 50 * 1024 * 1024,
  streamMessageBytes: 8 * 1024 * 1024,
  fetchBatchSize: 100,
  timeZone: "Asia/Jerusalem",
};

/** Worker settings that come from the environment. */
export function settingsFromEnv(e: Env): WorkerSettings {
  const maxBytes = Math.round(e.MAX_DOCUMENT_MB * 1024 * 1024);
  return {
    ...DEFAULT_SETTINGS,
    maxAttachmentBytes: maxBytes,
    maxMessageBytes: Math.round(e.MAX_MESSAGE_MB * 1024 * 1024),
    streamMessageBytes: Math.round(e.STREAM_MESSAGE_MB * 1024 * 1024),
    concurrency: e.WORKER_CONCURRENCY,
    lanes: { fetch: e.WORKER_FETCH_CONCURRENCY ?? e.WORKER_CONCURRENCY, documents: e.DOCUMENT_CONCURRENCY },
    ocr: {
      langs: e.OCR_LANGS,
      tessdataDir: e.TESSDATA_DIR,
      poolSize: e.OCR_POOL_SIZE,
      recycleAfterPages: e.OCR_RECYCLE_PAGES,
      rssCeilingMb: e.WORKER_RSS_CEILING_MB,
      limits: { maxPages: e.OCR_MAX_PAGES, maxPixelsPerPage: Math.round(e.OCR_MAX_MEGAPIXELS * 1_000_000), maxBytes, timeoutMs: e.OCR_TIMEOUT_SECONDS * 1000 },
    },
    gemini: { apiKey: e.GEMINI_API_KEY, model: e.GEMINI_MODEL },
  };
}

/**
 * Refuses a production start whose environment lacks what the role needs, naming each missing piece.
 * On Vercel (web only) there is no embedded database and no local disk, so DATABASE_URL and S3 are required there.
 */
export function checkProductionEnv(e: Env, role: "web" | "worker"): void {
  if (e.VERCEL && role === "worker") {
    throw new EnvError("The worker does not run on Vercel (its jobs outlive a function's time limit): run `npm run start:worker` on a server or container instead.");
  }
  const missing: string[] = [];
  if (!e.DATABASE_URL) missing.push(e.VERCEL ? "DATABASE_URL (Vercel has no embedded database: point it at the Postgres the worker uses)" : "DATABASE_URL (e.g. postgres://user:pass@host:5432/mailroom)");
  if (!e.ENCRYPTION_KEY) missing.push("ENCRYPTION_KEY (generate with: openssl rand -base64 32)");
  if (role === "web" && !e.AUTH_SECRET) missing.push("AUTH_SECRET (generate with: openssl rand -base64 32)");
  // No scripts/next-server.ts on Vercel to stamp each request with its connection's address: the
  // address failed sign-ins count against must come from the X-Forwarded-For Vercel's edge overwrites.
  if (e.VERCEL && role === "web" && e.TRUST_PROXY === 0) missing.push("TRUST_PROXY=true (Vercel's edge sets X-Forwarded-For; without it sign-in limits cannot tell clients apart)");
  if (missing.length) {
    const hint = e.VERCEL ? "Set them in the Vercel project's Environment Variables, the same values as the worker's." : "For a single machine with an embedded database, run `npm start` instead.";
    throw new EnvError(`Cannot start the ${role}: missing ${missing.join(", ")}.\n${hint}`);
  }
  // Builds the storage to check it: partial S3 settings, or none on Vercel, stop the start here.
  storageFromEnv(e);
}

/** What a production process needs before it starts; each missing piece is named. */
export function productionConfig(role: "web" | "worker") {
  const e = env();
  checkProductionEnv(e, role);
  return {
    databaseUrl: e.DATABASE_URL!,
    dataDir: path.resolve(e.DATA_DIR),
    keyring: keyring(),
    storage: storageFromEnv(e),
    settings: settingsFromEnv(e),
  };
}
