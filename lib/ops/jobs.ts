import { sql, type SQL } from "drizzle-orm";
import type { PgBoss } from "pg-boss";
import type { DbOrTx } from "../db/client";
import { AppError, notFound } from "../errors";
import { BOSS_SCHEMA } from "../queue";
import type { ScheduledJobSpec } from "../schedules/sync";
import { defaultPayload } from "./run";
import type { JobDetail, JobState, JobSummary, ListJobsQuery } from "./schemas";

export type JobsDeps = { db: DbOrTx; boss: PgBoss; jobs: ScheduledJobSpec[] };

/**
 * A company sees its own jobs (payload `company_id` is its id) and the instance's global ones (no
 * `company_id`: the crons that sweep every company). Another company's job answers 404, as any
 * unknown id does. Lists and details read pg-boss's job table directly: findJobs() filters by payload
 * containment only, with no state filter, paging order or "payload has no company_id".
 */
export async function listJobs(db: DbOrTx, companyId: string, q: ListJobsQuery): Promise<{ items: JobSummary[]; next_cursor: string | null }> {
  const conds: SQL[] = [visibleTo(companyId)];
  if (q.queue) conds.push(sql`name = ${q.queue}`);
  if (q.state) conds.push(sql`state = ${q.state}::${sql.raw(`${BOSS_SCHEMA}.job_state`)}`);
  // Newest first; the cursor is the last id shown, so a page holds still while jobs arrive.
  if (q.cursor) conds.push(sql`(created_on, id) < (select created_on, id from ${jobTable()} where id = ${q.cursor}::uuid limit 1)`);
  const rows = await db.execute<RawJob>(sql`
    select ${SUMMARY_COLUMNS} from ${jobTable()}
    where ${sql.join(conds, sql` and `)}
    order by created_on desc, id desc
    limit ${q.limit + 1}`);
  const items = rows.slice(0, q.limit).map(summary);
  return { items, next_cursor: rows.length > q.limit ? items.at(-1)!.id : null };
}

/** One job with its payload (secrets removed), output or error, attempts and timings. */
export async function getJob(db: DbOrTx, companyId: string, queue: string, id: string): Promise<JobDetail> {
  const [row] = await db.execute<RawJob & { data: unknown; output: unknown; start_after: string | null; expire_seconds: number | null; heartbeat_on: string | null }>(sql`
    select ${SUMMARY_COLUMNS}, data, output, start_after::text, expire_seconds, heartbeat_on::text
    from ${jobTable()} where name = ${queue} and id = ${id}::uuid and ${visibleTo(companyId)}`);
  if (!row) throw notFound("jobs");
  return {
    ...summary(row),
    data: withoutSecrets(row.data),
    output: withoutSecrets(row.output),
    start_after: iso(row.start_after),
    expire_seconds: row.expire_seconds,
    heartbeat_at: iso(row.heartbeat_on),
  };
}

/** A failed job runs again (pg-boss retry, one more attempt); a cancelled one is resumed. */
export async function retryJob(deps: JobsDeps, companyId: string, queue: string, id: string): Promise<JobDetail> {
  const job = await getJob(deps.db, companyId, queue, id);
  if (job.state === "failed") await deps.boss.retry(queue, id);
  else if (job.state === "cancelled") await deps.boss.resume(queue, id);
  else throw new AppError("jobs.not_retryable", `Only a failed or cancelled job can be retried; this one is ${job.state}`, { status: 409 });
  return getJob(deps.db, companyId, queue, id);
}

/** Cancels a job that has not finished; a running handler is not interrupted, its result is ignored. */
export async function cancelJob(deps: JobsDeps, companyId: string, queue: string, id: string): Promise<JobDetail> {
  const job = await getJob(deps.db, companyId, queue, id);
  if (!["created", "retry", "active"].includes(job.state)) throw new AppError("jobs.not_cancellable", `Only a waiting or running job can be cancelled; this one is ${job.state}`, { status: 409 });
  await deps.boss.cancel(queue, id);
  return getJob(deps.db, companyId, queue, id);
}

/** Sends a new job with the same payload; the original stays as it was. */
export async function rerunJob(deps: JobsDeps, companyId: string, queue: string, id: string): Promise<{ job_id: string }> {
  const [row] = await deps.db.execute<{ data: object | null }>(sql`select data from ${jobTable()} where name = ${queue} and id = ${id}::uuid and ${visibleTo(companyId)}`);
  if (!row) throw notFound("jobs");
  return sent(await deps.boss.send(queue, row.data ?? {}));
}

/** Runs a job now with its default payload (lib/ops/run.ts); jobs about one row have none and are refused. */
export async function runNow(deps: JobsDeps, companyId: string, queue: string): Promise<{ job_id: string }> {
  const payload = defaultPayload(deps.jobs, queue, companyId);
  if (payload === null) {
    const known = await deps.db.execute(sql`select 1 from ${sql.raw(`${BOSS_SCHEMA}.queue`)} where name = ${queue}`);
    if (known.length === 0) throw notFound("queues");
    throw new AppError("jobs.needs_payload", `${queue} works on one item (an account, a document, an email) and has no default payload: start it from that item's page`, { status: 422 });
  }
  return sent(await deps.boss.send(queue, payload));
}

// Keys whose values are never shown: passwords, tokens, secrets, keys, credentials.
const SECRET_KEY = /pass(word)?|token|secret|key|credential|authorization|cookie/i;
// Ids are kept: `singleton_key`-like names are not secrets, and `*_id` never holds one.
const NOT_SECRET = /(_id|Id)$/;

/** A deep copy with every value under a secret-looking key replaced. */
export function withoutSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutSecrets);
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, SECRET_KEY.test(k) && !NOT_SECRET.test(k) ? "[redacted]" : withoutSecrets(v)]));
  }
  return value;
}

type RawJob = { id: string; name: string; state: JobState; retry_count: number; retry_limit: number; created_on: string; started_on: string | null; completed_on: string | null; singleton_key: string | null };

const SUMMARY_COLUMNS = sql.raw(`id, name, state::text as state, retry_count, retry_limit, created_on::text, started_on::text, completed_on::text, singleton_key`);
const jobTable = () => sql.raw(`${BOSS_SCHEMA}.job`);
const visibleTo = (companyId: string) => sql`(data->>'company_id' is null or data->>'company_id' = ${companyId})`;
const iso = (v: string | null) => (v ? new Date(v).toISOString() : null);

function summary(r: RawJob): JobSummary {
  return {
    id: r.id,
    queue: r.name,
    state: r.state,
    retry_count: r.retry_count,
    retry_limit: r.retry_limit,
    created_at: iso(r.created_on)!,
    started_at: iso(r.started_on),
    completed_at: iso(r.completed_on),
    singleton_key: r.singleton_key,
  };
}

function sent(id: string | null): { job_id: string } {
  if (!id) throw new AppError("jobs.already_queued", "The same job is already waiting in this queue; it was not sent twice", { status: 409 });
  return { job_id: id };
}
