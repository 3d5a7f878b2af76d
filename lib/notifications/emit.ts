// Where Mailroom's own events become notifications: a fetch run that stored documents, a mailbox
// going wrong, a document failing or waiting for review. Each is safe to call again for the same thing.
import { and, asc, desc, eq, gt, or } from "drizzle-orm";
import type { PgBoss } from "pg-boss";
import type { Db } from "../db/client";
import { users } from "../db/schema/companies";
import { fetchRuns, mailAccounts } from "../db/schema/accounts";
import { documents } from "../db/schema/documents";
import { notify, type NotifyResult } from "./notify";

type Deps = { db: Db; boss: PgBoss };
type Account = Pick<typeof mailAccounts.$inferSelect, "id" | "companyId" | "email" | "connectedBy">;

/** How long a server must keep failing before people hear about it: a blip is not news. */
export const UNREACHABLE_NOTICE_MS = 60 * 60 * 1000;
/** Failures and reviews within this window fold into one unread notification (and one email) per person. */
export const AGGREGATE_MINUTES = 60;

/** One notification per fetch run that stored documents, however many files it brought. */
export async function notifyFetchRun(deps: Deps, account: Account, run: { id: string; documents: number; messages: number }): Promise<NotifyResult | null> {
  if (run.documents <= 0) return null;
  return notify(deps.db, deps.boss, {
    companyId: account.companyId,
    event: "documents_processed",
    data: { account: account.email, account_id: account.id, run_id: run.id, documents: run.documents, messages: run.messages },
    link: `/documents?account_id=${account.id}`,
    dedupeKey: `run:${run.id}`,
  });
}

/**
 * A mailbox that failed: a refused password or a revoked Google grant at once, a server that
 * cannot be reached once it has failed without a success for an hour. Once per episode: the
 * episode is named by the account's last successful run, so the next failure after a success is news again.
 * Told: the admins (who manage mailboxes) and whoever connected the account.
 */
export async function notifyAccountFailure(deps: Deps, account: Account, status: "auth_error" | "needs_reconnect" | "unreachable"): Promise<NotifyResult | null> {
  const [lastOk] = await deps.db
    .select({ id: fetchRuns.id, finishedAt: fetchRuns.finishedAt })
    .from(fetchRuns)
    .where(and(eq(fetchRuns.accountId, account.id), eq(fetchRuns.status, "ok")))
    .orderBy(desc(fetchRuns.startedAt))
    .limit(1);
  if (status === "unreachable") {
    const [firstFailure] = await deps.db
      .select({ startedAt: fetchRuns.startedAt })
      .from(fetchRuns)
      .where(and(eq(fetchRuns.accountId, account.id), eq(fetchRuns.status, "error"), lastOk?.finishedAt ? gt(fetchRuns.startedAt, lastOk.finishedAt) : undefined))
      .orderBy(asc(fetchRuns.startedAt))
      .limit(1);
    if (!firstFailure || Date.now() - firstFailure.startedAt.getTime() < UNREACHABLE_NOTICE_MS) return null;
  }
  const told = await deps.db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.companyId, account.companyId), or(eq(users.role, "admin"), account.connectedBy ? eq(users.id, account.connectedBy) : undefined)));
  return notify(deps.db, deps.boss, {
    companyId: account.companyId,
    event: "account_attention",
    data: { account: account.email, account_id: account.id, status },
    link: `/accounts/${account.id}`,
    userIds: told.map((u) => u.id),
    dedupeKey: `account:${account.id}:after:${lastOk?.id ?? "start"}`,
  });
}

/** A document that ended in error, or completed needing review: folded per person into one notification an hour. */
export async function notifyDocumentOutcome(deps: Deps, ids: { documentId: string; companyId: string }): Promise<NotifyResult | null> {
  const [doc] = await deps.db
    .select({ status: documents.status, needsReview: documents.needsReview, filename: documents.filename })
    .from(documents)
    .where(and(eq(documents.id, ids.documentId), eq(documents.companyId, ids.companyId)));
  if (!doc) return null;
  const event = doc.status === "error" ? "documents_failed" : doc.status === "completed" && doc.needsReview ? "review_waiting" : null;
  if (!event) return null;
  return notify(deps.db, deps.boss, {
    companyId: ids.companyId,
    event,
    data: { count: 1, filename: doc.filename, document_id: ids.documentId },
    link: `/documents/${ids.documentId}`,
    dedupeKey: `document:${ids.documentId}`,
    aggregateMinutes: AGGREGATE_MINUTES,
  });
}
