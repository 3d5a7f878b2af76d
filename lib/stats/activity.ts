import { sql } from "drizzle-orm";
import type { DbOrTx } from "../db/client";
import type { Activity } from "./schemas";
import type { FetchRunStatus } from "../accounts/schemas";

/** How many of each kind are read, and how many events are shown. */
const EACH = 5;
const SHOWN = 8;

/** The company's latest documents, emails and fetch runs, newest first, as one list. */
export async function recentActivity(db: DbOrTx, companyId: string): Promise<Activity[]> {
  const [docs, mail, runs] = await Promise.all([
    db.execute<{ id: string; at: string; filename: string; status: "pending" | "processing" | "completed" | "error" }>(sql`
      select id, created_at as at, filename, status from documents
      where company_id = ${companyId} order by created_at desc, id desc limit ${EACH}`),
    db.execute<{ id: string; at: string; subject: string | null; from: string | null; account_id: string; attachments: number }>(sql`
      select id, created_at as at, subject, from_address as "from", account_id, attachment_count as attachments from emails
      where company_id = ${companyId} order by created_at desc limit ${EACH}`),
    // Per mailbox through fetch_runs_account_idx (account_id, started_at), then the newest of those.
    db.execute<{ id: string; at: string; account_id: string; account_email: string; status: FetchRunStatus; messages: number; documents: number }>(sql`
      select r.id, r.started_at as at, a.id as account_id, a.email as account_email, r.status, r.messages, r.documents
      from mail_accounts a cross join lateral (
        select * from fetch_runs where account_id = a.id order by started_at desc limit ${EACH}
      ) r
      where a.company_id = ${companyId}
      order by r.started_at desc limit ${EACH}`),
  ]);
  const events: Activity[] = [
    ...docs.map((d) => ({ kind: "document" as const, ...d, at: new Date(d.at) })),
    ...mail.map((m) => ({ kind: "email" as const, ...m, at: new Date(m.at) })),
    ...runs.map((r) => ({ kind: "fetch_run" as const, ...r, at: new Date(r.at) })),
  ];
  return events.sort((a, b) => b.at.getTime() - a.at.getTime()).slice(0, SHOWN);
}
