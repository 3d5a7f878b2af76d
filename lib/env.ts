import { z } from "zod";

const optionalText = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === "" ? undefined : v.trim()));

const flagText = optionalText.pipe(z.enum(["true", "false", "1", "0", "yes", "no"], { message: "must be true or false" }).optional());
/** Off unless set to true, 1 or yes. */
const flag = flagText.transform((v) => v === "true" || v === "1" || v === "yes");
/** On unless set to false, 0 or no. */
const flagOn = flagText.transform((v) => v === undefined || v === "true" || v === "1" || v === "yes");

const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: optionalText.pipe(z.string().regex(/^postgres(ql)?:\/\//, "must start with postgres://").optional()),
  PORT: z.coerce.number({ message: "must be a port number" }).int().min(1).max(65535).default(3000),
  DATA_DIR: z.string().default("./data"),
  ENCRYPTION_KEY: optionalText,
  PUBLIC_URL: optionalText.pipe(z.string().url().optional()),
  AUTH_SECRET: optionalText.pipe(z.string().min(16, "must be at least 16 characters").optional()),
  GOOGLE_CLIENT_ID: optionalText,
  GOOGLE_CLIENT_SECRET: optionalText,
  // Google's endpoints; overridden only to point at a stand-in server (tests).
  GOOGLE_OAUTH_AUTH_URL: optionalText.pipe(z.string().url().default("https://accounts.google.com/o/oauth2/v2/auth")),
  GOOGLE_OAUTH_TOKEN_URL: optionalText.pipe(z.string().url().default("https://oauth2.googleapis.com/token")),
  GOOGLE_API_ROOT_URL: optionalText.pipe(z.string().url().default("https://gmail.googleapis.com/")),
  // How far back a Gmail account's first sync looks for messages with attachments.
  GMAIL_INITIAL_DAYS: z.coerce.number({ message: "must be a whole number" }).int().min(1).max(3650).default(90),
  GEMINI_API_KEY: optionalText,
  GEMINI_MODEL: optionalText,
  S3_ENDPOINT: optionalText,
  S3_BUCKET: optionalText,
  S3_REGION: optionalText,
  S3_ACCESS_KEY_ID: optionalText,
  S3_SECRET_ACCESS_KEY: optionalText,
  // While S3 fails, files are kept on local disk (default). Off where other machines must read every file
  // (a web app on Vercel or another host): a save then fails and the fetch is retried later instead.
  S3_FALLBACK_TO_DISK: flagOn,
  // Statements prepared once per connection, then only bound and run: one round trip each instead of
  // two. Off behind a pooler in transaction mode that cannot keep them (PgBouncer before 1.21, Supavisor).
  DATABASE_PREPARED_STATEMENTS: flagOn,
  SMTP_URL: optionalText,
  SMTP_FROM: optionalText,
  // English and Hebrew models ship as npm packages; English-only pages are still read with English alone (lib/ocr/script-choice.ts).
  OCR_LANGS: z.string().default("eng+heb"),
  TESSDATA_DIR: optionalText,
  // How many tesseract.js workers the pool keeps: unset means one per core but one, which stays for fetching and Postgres.
  OCR_POOL_SIZE: optionalText.transform((v) => (v === undefined ? undefined : Number(v))).pipe(z.number({ message: "must be a whole number" }).int().min(1).max(64).optional()),
  // An OCR worker's WebAssembly memory only grows: it is replaced after reading this many pages (between pages, never during one).
  OCR_RECYCLE_PAGES: z.coerce.number({ message: "must be a whole number" }).int().min(1).max(100_000).default(100),
  // Above this resident memory (MB) the worker replaces each OCR worker as it finishes its page, and reads with one at a time.
  WORKER_RSS_CEILING_MB: z.coerce.number({ message: "must be a whole number" }).int().min(100).max(1_000_000).default(1024),
  // Nice value (0-19) of the threads and tools that read documents (OCR, PDF parsing, rendering): fetching and Postgres come first.
  BACKGROUND_NICE: z.coerce.number({ message: "must be a whole number from 0 to 19" }).int().min(0).max(19).default(10),
  OCR_MAX_PAGES: z.coerce.number({ message: "must be a whole number" }).int().min(1).max(2000).default(50),
  OCR_MAX_MEGAPIXELS: z.coerce.number({ message: "must be a number" }).min(1).max(400).default(40),
  // Stays under the document job's 10-minute expiry, so a slow document ends in error, not in a retry loop.
  OCR_TIMEOUT_SECONDS: z.coerce.number({ message: "must be a whole number" }).int().min(10).max(540).default(120),
  // Attachments over this are not stored as documents, and no document over it is read.
  MAX_DOCUMENT_MB: z.coerce.number({ message: "must be a number" }).min(1).max(1024).default(25),
  // Messages over this (as the mail server reports their size) are left on the server and listed as skipped.
  MAX_MESSAGE_MB: z.coerce.number({ message: "must be a number" }).min(1).max(2048).default(50),
  // Messages (IMAP or Gmail) over this are streamed through temp files instead of held in memory; 0 streams every message.
  STREAM_MESSAGE_MB: z.coerce.number({ message: "must be a number" }).min(0).max(2048).default(8),
  // How long a stopping worker lets jobs in flight finish: keep it under the stop grace (compose: 30 s).
  WORKER_STOP_SECONDS: z.coerce.number({ message: "must be a whole number" }).int().min(1).max(3600).default(20),
  // How long a worker's hold on a mailbox it is fetching lasts without renewal (renewed every third of it):
  // a worker stalled longer than this loses the mailbox to another and can store nothing more (lib/mail/fetch-lease.ts).
  FETCH_LEASE_SECONDS: z.coerce.number({ message: "must be a whole number from 5 to 3600" }).int().min(5).max(3600).default(30),
  WORKER_CONCURRENCY: z.coerce.number({ message: "must be a whole number" }).int().min(1).max(64).default(5),
  // Fetch lanes (account.fetch jobs at once), apart from document lanes so reading documents never holds up fetching: unset means WORKER_CONCURRENCY.
  WORKER_FETCH_CONCURRENCY: optionalText.transform((v) => (v === undefined ? undefined : Number(v))).pipe(z.number({ message: "must be a whole number" }).int().min(1).max(64).optional()),
  // Documents read at once (document.process jobs); each OCRs its pages across the whole pool, so more than the pool's size only adds memory.
  DOCUMENT_CONCURRENCY: z.coerce.number({ message: "must be a whole number" }).int().min(1).max(64).default(1),
  // Threads that parse and hash downloaded messages off the event loop that speaks IMAP and Postgres, at normal priority (a fetch waits on them).
  // One keeps up with five fetch lanes on two cores; a second only added memory (~55 MB) and CPU (fetch bench).
  MAIL_PARSE_THREADS: z.coerce.number({ message: "must be a whole number" }).int().min(1).max(16).default(1),
  METRICS_TOKEN: optionalText,
  // Refuse mail servers on loopback and private networks too (link-local and metadata are always refused).
  OUTBOUND_BLOCK_PRIVATE: flag,
  MAX_ACCOUNTS_PER_COMPANY: z.coerce.number({ message: "must be a whole number" }).int().min(1).max(100_000).default(200),
  // Reverse proxies in front of the web app whose X-Forwarded-For entries are believed: "true" is one, unset none.
  TRUST_PROXY: optionalText
    .transform((v) => (v === undefined || v === "false" ? 0 : v === "true" ? 1 : Number(v)))
    .pipe(z.number({ message: "must be true, false or a number of proxies" }).int().min(0).max(10)),
  // Set to 1 by Vercel, where only the web app runs: no local disk, no embedded database (lib/boot/config.ts).
  VERCEL: flag,
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
});

export type Env = z.infer<typeof schema>;

export class EnvError extends Error {}

/** Parses an environment; the message names every missing or wrong variable. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = schema.safeParse(source);
  if (result.success) return result.data;
  const lines = result.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
  throw new EnvError(`Invalid environment:\n${lines.join("\n")}`);
}

let cached: Env | undefined;

/** The process environment, parsed once. The only reader of process.env in the project. */
export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

/** For entry points that set variables (embedded database, generated keys) before anything reads them. */
export function setEnv(values: Record<string, string>): void {
  Object.assign(process.env, values);
  cached = undefined;
}

/** Fails start-up with a clear message when a production setting is missing. */
export function requireEnv<K extends keyof Env>(key: K, why: string): NonNullable<Env[K]> {
  const value = env()[key];
  if (value === undefined || value === null) throw new EnvError(`${String(key)} is required: ${why}`);
  return value as NonNullable<Env[K]>;
}
