// What happened in a company over a window, in numbers: the daily summary's content before any
// language. Every query is scoped to the company.
import { and, asc, eq, gte, inArray, lt, or, sql } from "drizzle-orm";
import type { PgColumn } from "drizzle-orm/pg-core";
import type { DbOrTx } from "../db/client";
import { fetchRuns, mailAccounts } from "../db/schema/accounts";
import { categories } from "../db/schema/categories";
import { documents } from "../db/schema/documents";
import { emails } from "../db/schema/mail";
import { countAwaitingCategory } from "../categories/review";
import { countWaitingEmails } from "../triage/review";
import type { DocumentStatus } from "../documents/contract";

/** Statuses that mean an account stopped fetching until someone acts. */
export const ATTENTION_STATUSES = ["auth_error", "unreachable", "needs_reconnect"] as const;

export type SummaryWindow = { from: Date; to: Date };

export type SummaryData = {
  window: SummaryWindow;
  emails: { accountId: string; account: string; count: number }[];
  byCategory: { categoryId: string | null; name: string | null; count: number }[];
  byStatus: { status: DocumentStatus; count: number }[];
  /** Sums of the documents' totals; `currency` null for totals that name none. */
  totals: { currency: string | null; amount: number; count: number }[];
  failedDocuments: number;
  failedRuns: { accountId: string; account: string; count: number }[];
  waitingReview: number;
  awaitingCategory: number;
  /** Emails triage sent to a person, still waiting (Review → Emails). */
  emailsWaitingReview: number;
  attention: { accountId: string; account: string; status: string }[];
};

export async function collectSummary(db: DbOrTx, companyId: string, window: SummaryWindow): Promise<SummaryData> {
  const inWindow = (col: PgColumn) => and(gte(col, window.from), lt(col, window.to));
  const newDocs = and(eq(documents.companyId, companyId), inWindow(documents.createdAt));
  // Paths inline, not as parameters: Postgres matches GROUP BY to the selected expression only when they read alike.
  const effective = (name: "total" | "currency") => sql<string | null>`coalesce(${documents.corrections} #>> ${sql.raw(`'{fields,${name},value}'`)}, ${documents.fields} #>> ${sql.raw(`'{${name},value}'`)})`;
  const total = effective("total");
  // A total that is not a plain number (a hand-edited oddity) is left out rather than failing the whole summary.
  const numericTotal = sql<string>`case when ${total} ~ '^-?[0-9]+(\\.[0-9]+)?([eE][-+]?[0-9]+)?$' then (${total})::numeric end`;
  const currency = sql<string | null>`upper(${effective("currency")})`;

  const [mail, byCategory, byStatus, totals, [failed], failedRuns, [review], awaitingCategory, emailsWaiting, attention] = await Promise.all([
    db
      .select({ accountId: mailAccounts.id, account: mailAccounts.email, count: sql<number>`count(${emails.id})::int` })
      .from(mailAccounts)
      .leftJoin(emails, and(eq(emails.accountId, mailAccounts.id), eq(emails.companyId, companyId), inWindow(emails.createdAt)))
      .where(eq(mailAccounts.companyId, companyId))
      .groupBy(mailAccounts.id, mailAccounts.email)
      .orderBy(asc(mailAccounts.email)),
    db
      .select({ categoryId: documents.categoryId, name: categories.name, count: sql<number>`count(*)::int` })
      .from(documents)
      .leftJoin(categories, and(eq(categories.id, documents.categoryId), eq(categories.companyId, companyId)))
      .where(newDocs)
      .groupBy(documents.categoryId, categories.name)
      .orderBy(sql`count(*) desc`, sql`${categories.name} asc nulls last`),
    db.select({ status: documents.status, count: sql<number>`count(*)::int` }).from(documents).where(newDocs).groupBy(documents.status),
    db
      .select({ currency, amount: sql<string>`sum(${numericTotal})::text`, count: sql<number>`count(*)::int` })
      .from(documents)
      .where(and(newDocs, sql`${numericTotal} is not null`))
      .groupBy(currency)
      .orderBy(sql`${currency} asc nulls last`),
    // Failed in the window: new documents that failed, and older ones that failed again on reprocessing.
    db
      .select({ n: sql<number>`count(*)::int` })
      .from(documents)
      .where(and(eq(documents.companyId, companyId), eq(documents.status, "error"), or(inWindow(documents.createdAt), inWindow(documents.lastProcessedAt)))),
    db
      .select({ accountId: mailAccounts.id, account: mailAccounts.email, count: sql<number>`count(*)::int` })
      .from(fetchRuns)
      .innerJoin(mailAccounts, and(eq(mailAccounts.id, fetchRuns.accountId), eq(mailAccounts.companyId, companyId)))
      .where(and(eq(fetchRuns.companyId, companyId), eq(fetchRuns.status, "error"), inWindow(fetchRuns.startedAt)))
      .groupBy(mailAccounts.id, mailAccounts.email)
      .orderBy(asc(mailAccounts.email)),
    db.select({ n: sql<number>`count(*)::int` }).from(documents).where(and(eq(documents.companyId, companyId), eq(documents.needsReview, true))),
    countAwaitingCategory(db, companyId),
    countWaitingEmails(db, companyId),
    db
      .select({ accountId: mailAccounts.id, account: mailAccounts.email, status: mailAccounts.status })
      .from(mailAccounts)
      .where(and(eq(mailAccounts.companyId, companyId), inArray(mailAccounts.status, [...ATTENTION_STATUSES])))
      .orderBy(asc(mailAccounts.email)),
  ]);
  return {
    window,
    emails: mail,
    byCategory,
    byStatus: byStatus.map((s) => ({ status: s.status, count: s.count })),
    totals: totals.map((t) => ({ currency: t.currency, amount: Number(t.amount), count: t.count })),
    failedDocuments: failed.n,
    failedRuns,
    waitingReview: review.n,
    awaitingCategory,
    emailsWaitingReview: emailsWaiting,
    attention,
  };
}

/**
 * Nothing new: no mail, no documents, no failures in the window and no account needing someone.
 * A review backlog alone is not news: it was in yesterday's summary too.
 */
export function isEmptySummary(d: SummaryData): boolean {
  const mail = d.emails.reduce((n, e) => n + e.count, 0);
  const docs = d.byStatus.reduce((n, s) => n + s.count, 0);
  return mail === 0 && docs === 0 && d.failedDocuments === 0 && d.failedRuns.length === 0 && d.attention.length === 0;
}

/** The numbers the in-app notification carries (the bell words them in the reader's language). */
export function summaryCounts(d: SummaryData, day: string): Record<string, string | number> {
  return {
    day,
    emails: d.emails.reduce((n, e) => n + e.count, 0),
    documents: d.byStatus.reduce((n, s) => n + s.count, 0),
    failed: d.failedDocuments + d.failedRuns.reduce((n, r) => n + r.count, 0),
    review: d.waitingReview + d.awaitingCategory + d.emailsWaitingReview,
    attention: d.attention.length,
  };
}
