import { and, desc, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "../db/client";
import { fetchRuns, mailAccounts } from "../db/schema/accounts";
import { attachments, emails } from "../db/schema/mail";
import { EMAIL_SEARCH_SQL } from "../documents/search";
import { documents } from "../db/schema/documents";
import { AppError, notFound } from "../errors";
import { decryptSecret, encryptSecret, type Keyring } from "../crypto/secrets";
import type { Storage } from "../storage/types";
import { deleteUnreferencedFiles } from "../storage/cleanup";
import { checkFolders, connectImap, describeImapError, type ImapConfig } from "../mail/imap";
import type { CreateAccountInput, UpdateAccountInput } from "./schemas";

export type AccountRow = typeof mailAccounts.$inferSelect;

const DEFAULT_PORTS = { tls: 993, starttls: 143, none: 143 } as const;

/** The account as the API shows it: snake_case, and never the secret. */
export function accountJson(a: AccountRow) {
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
    mark_seen: a.postAction === "mark_read",
    post_action: a.postAction,
    post_action_folder: a.postActionFolder,
    filters: a.filters,
    status: a.status,
    last_fetch_at: a.lastFetchAt,
    last_error: a.lastError,
    retry_after: a.retryAfter,
    has_password: Boolean(a.secretEnc),
    created_at: a.createdAt,
    updated_at: a.updatedAt,
  };
}

export async function listAccounts(db: DbOrTx, companyId: string) {
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

export async function createAccount(db: DbOrTx, ring: Keyring, companyId: string, input: CreateAccountInput): Promise<AccountRow> {
  const [row] = await db
    .insert(mailAccounts)
    .values({
      companyId,
      provider: "imap",
      email: input.email,
      host: input.host,
      port: input.port ?? DEFAULT_PORTS[input.security],
      security: input.security,
      username: input.username ?? input.email,
      secretEnc: encryptSecret(ring, input.password),
      folders: input.folders,
      fetchInterval: input.fetch_interval,
      autoFetch: input.auto_fetch,
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
    postAction,
    postActionFolder: input.post_action_folder,
    filters: input.filters,
    updatedAt: new Date(),
  };
  if (input.password !== undefined) changes.secretEnc = encryptSecret(ring, input.password);
  if (input.status === "disabled") changes.status = "disabled";
  // Re-enabled, or pointed at another server or login: what was known about the old one no longer holds.
  else if ((input.status === "ok" && current.status === "disabled") || (current.status !== "disabled" && changesConnection(current, input))) {
    changes.status = "unchecked";
    changes.lastError = null;
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
  const docs = await db.select({ key: documents.fileKey, type: documents.storageType }).from(documents).where(and(eq(documents.accountId, id), eq(documents.companyId, companyId)));
  await db.delete(mailAccounts).where(and(eq(mailAccounts.id, id), eq(mailAccounts.companyId, companyId)));
  // Files go after the rows: a crash in between leaves an unreferenced file, never a row without its file.
  return { files: await deleteUnreferencedFiles(db, storage, [...raw, ...docs]) };
}

export function imapConfig(account: AccountRow, ring: Keyring): ImapConfig {
  if (!account.host || !account.port || !account.secretEnc) {
    throw new AppError("accounts.incomplete", "The account has no host, port or password set", { status: 422 });
  }
  return {
    host: account.host,
    port: account.port,
    security: account.security,
    username: account.username ?? account.email,
    password: decryptSecret(ring, account.secretEnc),
  };
}

export type ConnectionTest = { ok: true; folders: string[] } | { ok: false; kind: string; message: string };

/** A test says how the account is now: success clears an old error and its back-off. */
export async function recordConnectionTest(db: DbOrTx, account: AccountRow, result: ConnectionTest): Promise<void> {
  if (account.status === "disabled") return;
  const where = and(eq(mailAccounts.id, account.id), eq(mailAccounts.companyId, account.companyId));
  if (result.ok) {
    await db.update(mailAccounts).set({ status: "ok", lastError: null, failureCount: 0, retryAfter: null }).where(where);
  } else {
    await db.update(mailAccounts).set({ status: result.kind === "login" ? "auth_error" : "unreachable", lastError: result.message }).where(where);
  }
}

/** Logs in and opens every folder, saying exactly which step failed. */
export async function testAccountConnection(account: AccountRow, ring: Keyring): Promise<ConnectionTest> {
  const cfg = imapConfig(account, ring);
  try {
    const client = await connectImap(cfg);
    try {
      await checkFolders(client, account.folders);
      return { ok: true, folders: account.folders };
    } finally {
      await client.logout().catch(() => client.close());
    }
  } catch (err) {
    const failure = describeImapError(err, cfg);
    return { ok: false, kind: failure.kind, message: failure.message };
  }
}

export async function accountStats(db: DbOrTx, companyId: string, id: string) {
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
  return {
    account_id: id,
    status: account.status,
    emails: emailCount.n,
    documents: Object.fromEntries(byStatus.map((r) => [r.status, r.n])),
    document_count: byStatus.reduce((s, r) => s + r.n, 0),
    last_fetch_at: account.lastFetchAt,
    last_error: account.lastError,
    fetch_history: runs.map((r) => ({
      id: r.id,
      status: r.status,
      messages: r.messages,
      documents: r.documents,
      error: r.error,
      started_at: r.startedAt,
      finished_at: r.finishedAt,
    })),
  };
}

function changesConnection(current: AccountRow, input: UpdateAccountInput): boolean {
  return (
    input.password !== undefined ||
    (input.host !== undefined && input.host !== current.host) ||
    (input.port !== undefined && input.port !== current.port) ||
    (input.security !== undefined && input.security !== current.security) ||
    (input.username !== undefined && input.username !== (current.username ?? current.email))
  );
}

export function isUuid(id: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id);
}
