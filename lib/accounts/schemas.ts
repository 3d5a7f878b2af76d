import { z } from "zod";

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

const accountFields = {
  email: z.string().trim().min(3).max(320),
  host: z.string().trim().min(1).max(253).regex(/^[A-Za-z0-9.\-:[\]]+$/, "must be a host name or IP address"),
  port: z.coerce.number().int().min(1).max(65535),
  security: z.enum(["tls", "starttls", "none"]),
  username: z.string().trim().min(1).max(320),
  password: z.string().min(1).max(1000),
  folders: z
    .union([z.array(folderName), z.string()])
    .transform((v) => (typeof v === "string" ? v.split(",").map((s) => s.trim()).filter(Boolean) : v))
    .pipe(z.array(folderName).min(1).max(50)),
  fetch_interval: z.coerce.number().int().min(60).max(86_400),
  auto_fetch: z.boolean(),
  mark_seen: z.boolean(),
  post_action: z.enum(["none", "mark_read", "flag", "move"]),
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

export const fetchAccountPayload = z.object({ account_id: z.uuid(), company_id: z.uuid() });

/** Referenced by lib/ and routes to enqueue; jobs/account-fetch.ts adds options and the handler. */
export const accountFetchJob = { name: "account.fetch", schema: fetchAccountPayload } as const;
