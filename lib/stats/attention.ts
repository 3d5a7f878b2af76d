import { sql } from "drizzle-orm";
import type { DbOrTx } from "../db/client";
import { ACCOUNT_ERROR_CODES, type AccountStatus } from "../accounts/schemas";
import type { AccountAttention } from "./schemas";

/** A mailbox fetching on its own is "stale" when its last fetch is older than this many intervals, and at least a day. */
const STALE_INTERVALS = 4;

/**
 * The company's mailboxes someone should look at, worst first: failing (an error status or a
 * recorded error), disabled, paused (fetching on its own switched off), or not fetched for long.
 */
export async function accountsNeedingAttention(db: DbOrTx, companyId: string, now = new Date()): Promise<AccountAttention[]> {
  const rows = await db.execute<{ id: string; email: string; status: AccountStatus; reason: AccountAttention["reason"]; last_error_code: string | null; last_error: string | null; last_fetch_at: string | null }>(sql`
    select * from (
      select id, email, status, last_error_code, last_error, last_fetch_at,
        case
          when status in ('auth_error', 'unreachable', 'needs_reconnect') or last_error_code is not null then 'error'
          when status = 'disabled' then 'disabled'
          when not auto_fetch then 'paused'
          when coalesce(last_fetch_at, created_at) < ${now.toISOString()}::timestamptz - greatest(interval '1 day', make_interval(secs => fetch_interval * ${STALE_INTERVALS})) then 'stale'
        end as reason
      from mail_accounts where company_id = ${companyId}
    ) a
    where reason is not null
    order by array_position(array['error', 'disabled', 'paused', 'stale'], reason), lower(email)`);
  return rows.map((r) => ({ ...r, last_error_code: knownErrorCode(r.last_error_code), last_fetch_at: r.last_fetch_at ? new Date(r.last_fetch_at) : null }));
}

/** Known codes only: an older or unknown one is shown as its stored English text instead. */
function knownErrorCode(code: string | null) {
  return (ACCOUNT_ERROR_CODES as readonly string[]).includes(code ?? "") ? (code as (typeof ACCOUNT_ERROR_CODES)[number]) : null;
}
