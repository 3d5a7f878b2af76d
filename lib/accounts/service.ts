import { randomUUID } from "node:crypto";
import { and, desc, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "../db/client";
import { fetchRuns, mailAccounts } from "../db/schema/accounts";
import { attachments, emails, skippedMessages } from "../db/schema/mail";
import { EMAIL_SEARCH_SQL } from "../documents/search";
import { documents } from "../db/schema/documents";
import { ZodError } from "zod";
import { AppError, notFound } from "../errors";
import { decryptSecret, encryptSecret, type Keyring } from "../crypto/secrets";
import { columnSecretContext } from "../crypto/rotate";
import type { Storage } from "../storage/types";
import type { Logger } from "../logger";
import { deleteUnreferencedFiles } from "../storage/cleanup";
import { documentFile } from "../documents/preview-keys";
import { consumeRateLimit } from "../security/rate-limit";
import { checkFolders, connectImap, describeImapError, ImapFailure, type ConnectOptions, type ImapConfig } from "../mail/imap";
import { testGmailConnection } from "../mail/gmail/test-connection";
import { accountErrorCodeSchema, type Account, type AccountErrorCode, type AccountListItem, type AccountStats, type ConnectionTest, type CreateAccountInput, type UpdateAccountInput } from "./schemas";

export type AccountRow = typeof mailAccounts.$inferSelect;

const IMAP_LOGIN_FIELDS = ["host", "port", "security", "username", "password"] as const;

const DEFAULT_PORTS = { tls: 993, starttls: 143, none: 143 } as const;

/** The account as the API shows it: snake_case, and never the secret. */
export function accountJson(a: AccountRow): Account {
  return {
    id: a.id,
    provider: a.provider,
    email: a.email,
    host: a.host,
    port: a.port,
    security: a.security,
    username: a.username,
    folders: a.folders,
    fetch_interval: a.fetchInterval,
    auto_fetch: a.autoFetch,
    auto_acknowledge: a.autoAcknowledge,
    mark_seen: a.postAction === "mark_read",
    post_action: a.postAction,
    post_action_folder: a.postActionFolder,
    filters: a.filters,
    status: a.status,
    last_fetch_at: a.lastFetchAt,
    last_error: a.lastError,
    last_error_code: knownErrorCode(a.lastErrorCode),
    retry_after: a.retryAfter,
    has_password: Boolean(a.secretEnc),
    created_at: a.createdAt,
    updated_at: a.updatedAt,
  };
}

export async function listAccounts(db: DbOrTx, companyId: string): Promise<AccountListItem[]> {
  const rows = await db.select().from(mailAccounts).where(eq(mailAccounts.companyId, companyId)).orderBy(mailAccounts.createdAt);
  const counts = await db
    .select({
      accountId: emails.accountId,
      emails: sql<number>`count(*)::int`,
    })
    .from(emails)
    .where(eq(emails.companyId, companyId))
    .groupBy(emails.accountId);
  const docCounts = await db
    .select({ accountId: documents.accountId, documents: sql<number>`count(*)::int` })
    .from(documents)
    .where(eq(documents.companyId, companyId))
    .groupBy(documents.accountId);
  const e = new Map(counts.map((c) => [c.accountId, c.emails]));
  const d = new Map(docCounts.map((c) => [c.accountId, c.documents]));
  return rows.map((a) => ({ ...accountJson(a), email_count: e.get(a.id) ?? 0, document_count: d.get(a.id) ?? 0 }));
}

export async function getAccount(db: DbOrTx, companyId: string, id: string): Promise<AccountRow> {
  if (!isUuid(id)) throw notFound("accounts");
  const [row] = await db.select().from(mailAccounts).where(and(eq(mailAccounts.id, id), eq(mailAccounts.companyId, companyId)));
  if (!row) throw notFound("accounts");
  return row;
}

/** The secret's context: it opens only on the row it was written for. */
export const accountSecretContext = (accountId: string) => columnSecretContext(mailAccounts.secretEnc, accountId);

export type AccountLimits = { maxAccounts: number };

export async function createAccount(db: DbOrTx, ring: Keyring, companyId: string, input: CreateAccountInput, limits?: AccountLimits): Promise<AccountRow> {
  return db.transaction(async (tx) => {
    if (limits) await ensureRoomForAccount(tx, companyId, limits.maxAccounts);
    return insertAccount(tx, ring, companyId, input);
  });
}

export async function ensureRoomForAccount(tx: DbOrTx, companyId: string, max: number) {
  // One creator per company at a time, so two concurrent requests cannot both take the last place.
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`accounts:${companyId}`}, 0))`);
  const [row] = await tx.select({ n: sql<number>`count(*)::int` }).from(mailAccounts).where(eq(mailAccounts.companyId, companyId));
  if (row.n >= max) {
    throw new AppError("accounts.limit_reached", `A company can have at most ${max} mailboxes: remove one first, or ask the operator to raise MAX_ACCOUNTS_PER_COMPANY`, { status: 409 });
  }
}

async function insertAccount(db: DbOrTx, ring: Keyring, companyId: string, input: CreateAccountInput): Promise<AccountRow> {
  const id = randomUUID();
  const [row] = await db
    .insert(mailAccounts)
    .values({
      id,
      companyId,
      provider: "imap",
      email: input.email,
      host: input.host,
      port: input.port ?? DEFAULT_PORTS[input.security],
      security: input.security,
      username: input.username ?? input.email,
      secretEnc: encryptSecret(ring, input.password, accountSecretContext(id)),
      folders: input.folders,
      fetchInterval: input.fetch_interval,
      autoFetch: input.auto_fetch,
      autoAcknowledge: input.auto_acknowledge,
      postAction: input.mark_seen ? "mark_read" : input.post_action,
      postActionFolder: input.post_action_folder ?? null,
      filters: input.filters,
      // Nothing has connected yet: the form tests right after saving, and the worker's first fetch counts too.
      status: input.status === "disabled" ? "disabled" : "unchecked",
    })
    .returning();
  return row;
}

export async function updateAccount(db: DbOrTx, ring: Keyring, companyId: string, id: string, input: UpdateAccountInput): Promise<AccountRow> {
  const current = await getAccount(db, companyId, id);
  if (current.provider === "gmail" && IMAP_LOGIN_FIELDS.some((k) => input[k] !== undefined)) {
    throw new AppError("gmail.imap_fields", "A Gmail account signs in through Google: host, port, security, username and password do not apply (reconnect it instead)", { status: 422 });
  }
  requirePasswordForNewDestination(current, input);
  const postAction = input.mark_seen === true ? "mark_read" : input.mark_seen === false && current.postAction === "mark_read" && !input.post_action ? "none" : input.post_action;
  const changes: Partial<typeof mailAccounts.$inferInsert> = {
    email: input.email,
    host: input.host,
    port: input.port,
    security: input.security,
    username: input.username,
    folders: input.folders,
    fetchInterval: input.fetch_interval,
    autoFetch: input.auto_fetch,
    autoAcknowledge: input.auto_acknowledge,
    postAction,
    postActionFolder: input.post_action_folder,
    filters: input.filters,
    updatedAt: new Date(),
  };
  if (input.password !== undefined) changes.secretEnc = encryptSecret(ring, input.password, accountSecretContext(id));
  if (input.status === "disabled") changes.status = "disabled";
  // Re-enabled, or pointed at another server or login: what was known about the old one no longer holds.
  else if ((input.status === "ok" && current.status === "disabled") || (current.status !== "disabled" && changesConnection(current, input))) {
    changes.status = "unchecked";
    changes.lastError = null;
    changes.lastErrorCode = null;
  }
  // New credentials or re-enabling deserve an immediate try, not the tail of a back-off.
  if (input.password !== undefined || input.host !== undefined || input.port !== undefined || input.status === "ok") {
    changes.retryAfter = null;
    changes.failureCount = 0;
  }
  if ((postAction ?? current.postAction) === "move" && !(input.post_action_folder ?? current.postActionFolder)) {
    throw new AppError("accounts.invalid", "post_action_folder is required when post_action is move", { status: 422 });
  }
  const [row] = await db
    .update(mailAccounts)
    .set(changes)
    .where(and(eq(mailAccounts.id, id), eq(mailAccounts.companyId, companyId)))
    .returning();
  return row;
}

/**
 * The stored password goes only where it was given for: a new host, port, security or username
 * needs the password again in the same request, or editing an account would send it to any server.
 */
function requirePasswordForNewDestination(current: AccountRow, input: UpdateAccountInput) {
  if (input.password !== undefined) return;
  const changed = changedDestination(current, input);
  if (changed.length === 0) return;
  const message = `enter the password again: it is only sent to a new ${changed.join(", ")} when you give it`;
  // Other languages word it from errors.json (accounts.password_again): the same rule, without naming the settings.
  throw new ZodError([{ code: "custom", path: ["password"], message, input: undefined, params: { i18n: "accounts.password_again" } }]);
}

/** Deletes the account with its emails, documents and their stored files. */
export async function deleteAccount(db: DbOrTx, storage: Storage, companyId: string, id: string): Promise<{ files: number }> {
  await getAccount(db, companyId, id);
  const raw = await db.select({ key: emails.rawKey, type: emails.storageType }).from(emails).where(and(eq(emails.accountId, id), eq(emails.companyId, companyId)));
  // A document that also arrived in another mailbox stays, now belonging to that mailbox.
  await db.execute(sql`
    update ${documents} d set account_id = other.account_id, email_id = other.email_id, email_search = other.email_search
    from (
      select distinct on (a.document_id) a.document_id, e.account_id, e.id as email_id, ${sql.raw(EMAIL_SEARCH_SQL)} as email_search
      from ${attachments} a join ${emails} e on e.id = a.email_id
      where a.company_id = ${companyId} and e.account_id <> ${id} and a.document_id is not null
      order by a.document_id, e.created_at
    ) other
    where d.id = other.document_id and d.account_id = ${id} and d.company_id = ${companyId}`);
  const docs = await db.select({ fileKey: documents.fileKey, storageType: documents.storageType, contentType: documents.contentType, pageCount: documents.pageCount }).from(documents).where(and(eq(documents.accountId, id), eq(documents.companyId, companyId)));
  await db.delete(mailAccounts).where(and(eq(mailAccounts.id, id), eq(mailAccounts.companyId, companyId)));
  // Files go after the rows: a crash in between leaves an unreferenced file, never a row without its file.
  return { files: await deleteUnreferencedFiles(db, storage, [...raw, ...docs.map(documentFile)]) };
}

export function imapConfig(account: AccountRow, ring: Keyring): ImapConfig {
  if (!account.host || !account.port || !account.secretEnc) {
    throw new AppError("accounts.incomplete", "The account has no host, port or password set", { status: 422 });
  }
  let password: string;
  try {
    password = decryptSecret(ring, account.secretEnc, accountSecretContext(account.id));
  } catch (err) {
    throw new ImapFailure("secret", "The stored password cannot be read (it was changed outside Mailroom, or its key is no longer in ENCRYPTION_KEY): enter the password again", "auth_error", { cause: err });
  }
  return { host: account.host, port: account.port, security: account.security, username: account.username ?? account.email, password };
}


/** A test says how the account is now: success clears an old error and its back-off. */
export async function recordConnectionTest(db: DbOrTx, account: AccountRow, result: ConnectionTest): Promise<void> {
  if (account.status === "disabled") return;
  const where = and(eq(mailAccounts.id, account.id), eq(mailAccounts.companyId, account.companyId));
  if (result.ok) {
    await db.update(mailAccounts).set({ status: "ok", lastError: null, lastErrorCode: null, failureCount: 0, retryAfter: null }).where(where);
  } else {
    // A Gmail grant Google no longer takes is fixed by reconnecting, not by a new password.
    const credentials = account.provider === "gmail" ? "needs_reconnect" : "auth_error";
    const lastErrorCode = account.provider === "gmail" && (result.kind === "login" || result.kind === "secret") ? "gmail_reconnect" : result.kind;
    await db.update(mailAccounts).set({ status: result.kind === "login" || result.kind === "secret" ? credentials : "unreachable", lastError: result.message, lastErrorCode }).where(where);
  }
}

/** Connection tests per company per minute: enough for people, too few to scan a network with. */
export const CONNECTION_TESTS_PER_MINUTE = 20;

/** Counts a connection test against the company's allowance, or says how long to wait. */
export async function throttleConnectionTests(db: DbOrTx, companyId: string): Promise<void> {
  const r = await consumeRateLimit(db, `accounts.test:${companyId}`, { limit: CONNECTION_TESTS_PER_MINUTE, windowSeconds: 60 });
  if (!r.allowed) {
    throw new AppError("accounts.test_rate_limited", `Too many connection tests: at most ${CONNECTION_TESTS_PER_MINUTE} a minute per company. Try again in ${r.retryAfterSeconds} seconds`, {
      status: 429,
      details: { retry_after: r.retryAfterSeconds },
    });
  }
}

/** Logs in and opens every folder, saying exactly which step failed. */
export async function testAccountConnection(account: AccountRow, ring: Keyring, opts: ConnectOptions & { log?: Logger } = {}): Promise<ConnectionTest> {
  if (account.provider === "gmail") return testGmailConnection(account, ring, opts.log);
  let cfg: ImapConfig | undefined;
  try {
    cfg = imapConfig(account, ring);
    const client = await connectImap(cfg, opts);
    try {
      await checkFolders(client, account.folders);
      return { ok: true, folders: account.folders };
    } finally {
      await client.logout().catch(() => client.close());
    }
  } catch (err) {
    if (err instanceof AppError) throw err;
    const failure = describeImapError(err, cfg);
    // The server's own words go to the log for the operator, never to the caller.
    opts.log?.warn({ accountId: account.id, kind: failure.kind, err: failure.cause }, "connection test failed");
    return { ok: false, kind: failure.kind, message: failure.message };
  }
}

export async function accountStats(db: DbOrTx, companyId: string, id: string): Promise<AccountStats> {
  const account = await getAccount(db, companyId, id);
  const [emailCount] = await db.select({ n: sql<number>`count(*)::int` }).from(emails).where(and(eq(emails.accountId, id), eq(emails.companyId, companyId)));
  const byStatus = await db
    .select({ status: documents.status, n: sql<number>`count(*)::int` })
    .from(documents)
    .where(and(eq(documents.accountId, id), eq(documents.companyId, companyId)))
    .groupBy(documents.status);
  const runs = await db
    .select()
    .from(fetchRuns)
    .where(and(eq(fetchRuns.accountId, id), eq(fetchRuns.companyId, companyId)))
    .orderBy(desc(fetchRuns.startedAt))
    .limit(20);
  const skipped = await db
    .select()
    .from(skippedMessages)
    .where(and(eq(skippedMessages.accountId, id), eq(skippedMessages.companyId, companyId)))
    .orderBy(desc(skippedMessages.createdAt), desc(skippedMessages.uid))
    .limit(20);
  return {
    account_id: id,
    status: account.status,
    emails: emailCount.n,
    documents: Object.fromEntries(byStatus.map((r) => [r.status, r.n])),
    document_count: byStatus.reduce((s, r) => s + r.n, 0),
    last_fetch_at: account.lastFetchAt,
    last_error: account.lastError,
    last_error_code: knownErrorCode(account.lastErrorCode),
    fetch_history: runs.map((r) => ({
      id: r.id,
      status: r.status,
      messages: r.messages,
      documents: r.documents,
      skipped: r.skipped,
      error: r.error,
      started_at: r.startedAt,
      finished_at: r.finishedAt,
    })),
    // Messages left on the server (over MAX_MESSAGE_MB), newest first.
    skipped_messages: skipped.map((m) => ({ folder: m.folder, uid: m.uid, from: m.fromAddress, subject: m.subject, sent_at: m.sentAt, size: m.size, reason: m.reason, skipped_at: m.createdAt })),
  };
}

function changesConnection(current: AccountRow, input: UpdateAccountInput): boolean {
  return input.password !== undefined || changedDestination(current, input).length > 0;
}

/** Which of host, port, security and username the update really changes. */
function changedDestination(current: AccountRow, input: UpdateAccountInput) {
  const saved = { host: current.host, port: current.port, security: current.security, username: current.username ?? current.email };
  return (["host", "port", "security", "username"] as const).filter((k) => input[k] !== undefined && input[k] !== saved[k]);
}

export function isUuid(id: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id);
}

/** A stored code the pages know a sentence for; anything else (a row from before codes) reads as none. */
function knownErrorCode(code: string | null): AccountErrorCode | null {
  return accountErrorCodeSchema.safeParse(code).success ? (code as AccountErrorCode) : null;
}
