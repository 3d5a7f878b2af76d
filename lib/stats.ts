import { and, eq, max, sql } from "drizzle-orm";
import { documents } from "./db/schema/documents";
import type { DbOrTx } from "./db/client";
import { mailAccounts } from "./db/schema/accounts";
import { emails } from "./db/schema/mail";
import { countAwaitingCategory } from "./categories/review";
import { countWaitingEmails } from "./triage/review";
import { documentCounts } from "./documents/queries";
import type { CompanyStats } from "./stats/schemas";

export async function companyStats(db: DbOrTx, companyId: string): Promise<CompanyStats> {
  // Independent counts: asked at once (the navigation's Review badge reads these on every page).
  const [[accounts], [mail], byStatus, [review], awaitingCategory, emailsWaiting] = await Promise.all([
    db
      .select({ n: sql<number>`count(*)::int`, last: max(mailAccounts.lastFetchAt) })
      .from(mailAccounts)
      .where(eq(mailAccounts.companyId, companyId)),
    db.select({ n: sql<number>`count(*)::int` }).from(emails).where(eq(emails.companyId, companyId)),
    documentCounts(db, companyId),
    db.select({ n: sql<number>`count(*)::int` }).from(documents).where(and(eq(documents.companyId, companyId), eq(documents.needsReview, true))),
    countAwaitingCategory(db, companyId),
    countWaitingEmails(db, companyId),
  ]);
  return {
    accounts: accounts.n,
    emails: mail.n,
    documents: Object.values(byStatus).reduce((a, b) => a + b, 0),
    documents_by_status: byStatus,
    documents_needing_review: review.n,
    documents_awaiting_category: awaitingCategory,
    emails_awaiting_review: emailsWaiting,
    last_fetch_at: accounts.last,
  };
}
