import { and, eq, isNull, lte, ne, or, sql } from "drizzle-orm";
import type { DbOrTx } from "../db/client";
import { mailAccounts } from "../db/schema/accounts";
import { timestamptz } from "../db/time";
import { fetchingAllowed } from "../ops/flags";

/** Active accounts whose interval has passed and whose back-off, if any, is over. */
export async function dueAccounts(db: DbOrTx, now: Date) {
  const at = timestamptz(now);
  return db
    .select({ id: mailAccounts.id, companyId: mailAccounts.companyId })
    .from(mailAccounts)
    .where(
      and(
        eq(mailAccounts.autoFetch, true),
        ne(mailAccounts.status, "disabled"),
        // A Gmail account whose grant was revoked waits for the person to reconnect it.
        ne(mailAccounts.status, "needs_reconnect"),
        or(isNull(mailAccounts.lastFetchAt), lte(sql`${mailAccounts.lastFetchAt} + make_interval(secs => ${mailAccounts.fetchInterval})`, at)),
        or(isNull(mailAccounts.retryAfter), lte(mailAccounts.retryAfter, now)),
        // An admin stopped fetching for the mailbox or its company.
        fetchingAllowed,
      ),
    );
}
