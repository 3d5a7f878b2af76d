import { z } from "../zod";

/** Every status an account can be in; "unchecked" until its first connection test or fetch succeeds. */
export const ACCOUNT_STATUSES = ["unchecked", "ok", "auth_error", "unreachable", "needs_reconnect", "disabled"] as const;
export const accountStatusSchema = z.enum(ACCOUNT_STATUSES);
export type AccountStatus = z.infer<typeof accountStatusSchema>;

// Matching costs up to patterns × pattern length × header length for every message fetched: these keep it to milliseconds.
export const MAX_FILTER_PATTERNS = 25;
export const MAX_FILTER_PATTERN_LENGTH = 100;

const pattern = z.string().trim().min(1).max(MAX_FILTER_PATTERN_LENGTH);
const patternList = z
  .union([z.array(pattern), z.string()])
  .transform((v) => (typeof v === "string" ? v.split(/[,\n]/).map((s) => s.trim()).filter(Boolean) : v))
  .pipe(z.array(pattern).max(MAX_FILTER_PATTERNS));

export const accountFiltersSchema = z
  .object({
    from: patternList.optional(),
    subject: patternList.optional(),
    filename_include: patternList.optional(),
    filename_exclude: patternList.optional(),
    max_age_days: z.coerce.number().int().min(1).max(36500).nullable().optional(),
  })
  .strict();

const folderName = z.string().trim().min(1).max(200);

export const SECURITIES = ["tls", "starttls", "none"] as const;
export type Security = (typeof SECURITIES)[number];
/** What the fetch does to a message once it is stored. */
export const POST_ACTIONS = ["none", "mark_read", "flag", "move"] as const;
export type PostAction = (typeof POST_ACTIONS)[number];

const accountFields = {
  email: z.string().trim().min(3).max(320),
  host: z.string().trim().min(1, "is required").max(253).regex(/^[A-Za-z0-9.\-:[\]]+$/, "must be a host name or IP address"),
  port: z.coerce.number().int().min(1).max(65535),
  security: z.enum(SECURITIES),
  username: z.string().trim().min(1).max(320),
  password: z.string().min(1, "is required").max(1000),
  folders: z
    .union([z.array(folderName), z.string()])
    .transform((v) => (typeof v === "string" ? v.split(",").map((s) => s.trim()).filter(Boolean) : v))
    .pipe(z.array(folderName).min(1).max(50)),
  fetch_interval: z.coerce.number().int().min(60).max(86_400),
  auto_fetch: z.boolean(),
  /** Mail triaged "acknowledge" gets an automatic reply (RFC 3834-safe); off by default. */
  auto_acknowledge: z.boolean(),
  mark_seen: z.boolean(),
  post_action: z.enum(POST_ACTIONS),
  post_action_folder: folderName.nullable(),
  filters: accountFiltersSchema,
  status: z.enum(["ok", "disabled"]),
};

export const createAccountSchema = z
  .object({
    provider: z.literal("imap").default("imap"),
    ...accountFields,
    port: accountFields.port.optional(),
    security: accountFields.security.default("tls"),
    username: accountFields.username.optional(),
    folders: accountFields.folders.default(["INBOX"]),
    fetch_interval: accountFields.fetch_interval.default(300),
    auto_fetch: accountFields.auto_fetch.default(true),
    auto_acknowledge: accountFields.auto_acknowledge.default(false),
    mark_seen: accountFields.mark_seen.optional(),
    post_action: accountFields.post_action.default("none"),
    post_action_folder: accountFields.post_action_folder.optional(),
    filters: accountFields.filters.default({}),
    status: accountFields.status.optional(),
  })
  .strict()
  .refine((a) => a.post_action !== "move" || Boolean(a.post_action_folder), {
    message: "post_action_folder is required when post_action is move",
    path: ["post_action_folder"],
  });

export const updateAccountSchema = z
  .object(accountFields)
  .partial()
  .strict()
  .refine((a) => a.post_action !== "move" || a.post_action_folder !== null, {
    message: "post_action_folder is required when post_action is move",
    path: ["post_action_folder"],
  });

export type CreateAccountInput = z.infer<typeof createAccountSchema>;
export type UpdateAccountInput = z.infer<typeof updateAccountSchema>;

const timestamp = z.coerce.date();

/** Which step of a connection failed: each kind has its own advice on the page. */
export const CONNECTION_FAILURE_KINDS = ["dns", "refused", "timeout", "tls", "login", "folder", "protocol", "blocked", "secret"] as const;
export type ConnectionFailureKind = (typeof CONNECTION_FAILURE_KINDS)[number];

/**
 * Why an account's last fetch or test failed, as a code the pages turn into a sentence in the
 * reader's language (last_error keeps the English detail): a connection failure's kind, Mailroom's
 * own storage failing, or Gmail's answer.
 */
export const ACCOUNT_ERROR_CODES = [...CONNECTION_FAILURE_KINDS, "storage", "gmail_reconnect", "gmail_rate_limited", "gmail_unavailable"] as const;
export const accountErrorCodeSchema = z.enum(ACCOUNT_ERROR_CODES);
export type AccountErrorCode = z.infer<typeof accountErrorCodeSchema>;

/** An account as the API returns it (never its secret: `has_password` says whether one is stored). */
export const accountSchema = z.object({
  id: z.string(),
  provider: z.enum(["imap", "gmail"]),
  email: z.string(),
  host: z.string().nullable(),
  port: z.number().int().nullable(),
  security: accountFields.security,
  username: z.string().nullable(),
  folders: z.array(z.string()),
  fetch_interval: z.number().int(),
  auto_fetch: z.boolean(),
  auto_acknowledge: z.boolean(),
  mark_seen: z.boolean(),
  post_action: accountFields.post_action,
  post_action_folder: z.string().nullable(),
  filters: z.object({
    from: z.array(z.string()).optional(),
    subject: z.array(z.string()).optional(),
    filename_include: z.array(z.string()).optional(),
    filename_exclude: z.array(z.string()).optional(),
    max_age_days: z.number().int().nullable().optional(),
  }),
  status: accountStatusSchema,
  last_fetch_at: timestamp.nullable(),
  last_error: z.string().nullable(),
  // last_error's kind, for a sentence in the reader's language; null when there is no error (or it predates codes).
  last_error_code: accountErrorCodeSchema.nullable(),
  retry_after: timestamp.nullable(),
  has_password: z.boolean(),
  created_at: timestamp,
  updated_at: timestamp,
});
export type Account = z.infer<typeof accountSchema>;

/** GET /api/accounts: each account with how much it has brought in. */
export const accountListItemSchema = accountSchema.extend({ email_count: z.number().int(), document_count: z.number().int() });
export const accountListSchema = z.object({ items: z.array(accountListItemSchema), next_cursor: z.null() });
export type AccountListItem = z.infer<typeof accountListItemSchema>;

/** POST /api/accounts/:id/test. */
export const connectionTestSchema = z.discriminatedUnion("ok", [
  z.object({ ok: z.literal(true), folders: z.array(z.string()) }),
  z.object({ ok: z.literal(false), kind: z.enum(CONNECTION_FAILURE_KINDS), message: z.string() }),
]);
export type ConnectionTest = z.infer<typeof connectionTestSchema>;

/** POST /api/accounts/:id/fetch: `job_id` null when a fetch for the account was already waiting. */
export const fetchNowSchema = z.object({ job_id: z.string().nullable(), already_queued: z.boolean() });
export type FetchNow = z.infer<typeof fetchNowSchema>;

/** `lease_lost`: another worker took the mailbox over while this run was stalled (lib/mail/fetch-lease.ts); what it stored before is kept. */
export const FETCH_RUN_STATUSES = ["running", "ok", "error", "lease_lost"] as const;
export type FetchRunStatus = (typeof FETCH_RUN_STATUSES)[number];

/** One fetch of a mailbox: how much it brought in, how long it took, and why it failed. */
export const fetchRunSchema = z.object({
  id: z.string(), status: z.string(), messages: z.number().int(), documents: z.number().int(), skipped: z.number().int(),
  error: z.string().nullable(), started_at: timestamp, finished_at: timestamp.nullable(),
});

/** A message a fetch left on the server, and why. */
export const skippedMessageSchema = z.object({
  folder: z.string(), uid: z.number().nullable(), from: z.string().nullable(), subject: z.string().nullable(), sent_at: timestamp.nullable(),
  size: z.number(), reason: z.string(), skipped_at: timestamp,
});

/** GET /api/accounts/:id/stats. */
export const accountStatsSchema = z.object({
  account_id: z.string(),
  status: accountStatusSchema,
  emails: z.number().int(),
  documents: z.record(z.string(), z.number().int()),
  document_count: z.number().int(),
  last_fetch_at: timestamp.nullable(),
  last_error: z.string().nullable(),
  last_error_code: accountErrorCodeSchema.nullable(),
  fetch_history: z.array(fetchRunSchema),
  // Messages left on the server (over MAX_MESSAGE_MB), newest first.
  skipped_messages: z.array(skippedMessageSchema),
});
export type AccountStats = z.infer<typeof accountStatsSchema>;

export const fetchAccountPayload = z.object({ account_id: z.uuid(), company_id: z.uuid() });

/** Referenced by lib/ and routes to enqueue; jobs/account-fetch.ts adds options and the handler. */
export const accountFetchJob = { name: "account.fetch", schema: fetchAccountPayload } as const;
