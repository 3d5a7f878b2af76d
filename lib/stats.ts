import { and, eq, max, sql } from "drizzle-orm";
import { documents } from "./db/schema/documents";
import type { DbOrTx } from "./db/client";
import { mailAccounts } from "./db/schema/accounts";
import { emails } from "./db/schema/mail";
import { countAwaitingCategory } from "./categories/review";
import { documentCounts } from "./documents/queries";

export async function companyStats(db: DbOrTx, companyId: string) {
  const [accounts] = await db
    .select({ n: sql<number>`count(*)::int`, last: max(mailAccounts.lastFetchAt) })
    .from(mailAccounts)
    .where(eq(mailAccounts.companyId, companyId));
  const [mail] = await db.select({ n: sql<number>`count(*)::int` }).from(emails).where(eq(emails.companyId, companyId));
  const byStatus = await documentCounts(db, companyId);
  const [review] = await db.select({ n: sql<number>`count(*)::int` }).from(documents).where(and(eq(documents.companyId, companyId), eq(documents.needsReview, true)));
  const awaitingCategory = await countAwaitingCategory(db, companyId);
  return {
    accounts: accounts.n,
    emails: mail.n,
    documents: Object.values(byStatus).reduce((a, b) => a + b, 0),
    documents_by_status: byStatus,
    documents_needing_review: review.n,
    documents_awaiting_category: awaitingCategory,
    last_fetch_at: accounts.last,
  };
}
