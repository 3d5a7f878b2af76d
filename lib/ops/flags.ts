import { and, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "../db/client";
import { companies } from "../db/schema/companies";
import { mailAccounts } from "../db/schema/accounts";
import { notFound } from "../errors";

/**
 * Fetching can be stopped for a whole company ("global" in the console: every mailbox the company
 * has; one company's admin never stops another's) or for one mailbox. The flags live in Postgres, so
 * every worker sees them on its next check: the fetch-due cron leaves stopped mailboxes out, a fetch
 * job about to start skips with the reason, and a running IMAP fetch stops between stored batches
 * (lib/mail/fetch-account.ts), keeping everything already stored.
 */
export type FetchStop = "company" | "account";

export type FetchingState = {
  paused: boolean;
  paused_at: string | null;
  accounts: { id: string; email: string; paused: boolean; paused_at: string | null }[];
};

export const FETCH_STOPPED_REASON: Record<FetchStop, string> = {
  company: "Fetching is stopped for the whole company (Operations → Fetching)",
  account: "Fetching is stopped for this mailbox (Operations → Fetching)",
};

/** Why this account must not be fetched now, or null when it may. A missing account is not stopped here: the job skips it anyway. */
export async function fetchStoppedFor(db: DbOrTx, accountId: string): Promise<FetchStop | null> {
  const [row] = await db
    .select({ account: mailAccounts.fetchingPausedAt, company: companies.fetchingPausedAt })
    .from(mailAccounts)
    .innerJoin(companies, eq(companies.id, mailAccounts.companyId))
    .where(eq(mailAccounts.id, accountId));
  if (!row) return null;
  if (row.company) return "company";
  if (row.account) return "account";
  return null;
}

/** The SQL condition the fetch-due cron adds: neither the account nor its company is stopped. */
export const fetchingAllowed = sql`${mailAccounts.fetchingPausedAt} is null and not exists (select 1 from ${companies} where ${companies.id} = ${mailAccounts.companyId} and ${companies.fetchingPausedAt} is not null)`;

export async function getFetching(db: DbOrTx, companyId: string): Promise<FetchingState> {
  const [company] = await db.select({ at: companies.fetchingPausedAt }).from(companies).where(eq(companies.id, companyId));
  const accounts = await db
    .select({ id: mailAccounts.id, email: mailAccounts.email, at: mailAccounts.fetchingPausedAt })
    .from(mailAccounts)
    .where(eq(mailAccounts.companyId, companyId))
    .orderBy(mailAccounts.email);
  return {
    paused: Boolean(company?.at),
    paused_at: company?.at?.toISOString() ?? null,
    accounts: accounts.map((a) => ({ id: a.id, email: a.email, paused: Boolean(a.at), paused_at: a.at?.toISOString() ?? null })),
  };
}

/** Stops or restarts fetching for every mailbox of the company. */
export async function setCompanyFetching(db: DbOrTx, companyId: string, paused: boolean): Promise<FetchingState> {
  await db
    .update(companies)
    .set({ fetchingPausedAt: paused ? sql`coalesce(${companies.fetchingPausedAt}, now())` : null })
    .where(eq(companies.id, companyId));
  return getFetching(db, companyId);
}

/** Stops or restarts fetching for one mailbox of the company; another company's answers 404. */
export async function setAccountFetching(db: DbOrTx, companyId: string, accountId: string, paused: boolean): Promise<FetchingState> {
  const rows = await db
    .update(mailAccounts)
    .set({ fetchingPausedAt: paused ? sql`coalesce(${mailAccounts.fetchingPausedAt}, now())` : null })
    .where(and(eq(mailAccounts.id, accountId), eq(mailAccounts.companyId, companyId)))
    .returning({ id: mailAccounts.id });
  if (rows.length === 0) throw notFound("accounts");
  return getFetching(db, companyId);
}
