// One fetcher per mailbox across every worker. pg-boss keeps one account.fetch job active per
// account, but a worker that stalls past its job's heartbeat (a blocked event loop, SIGSTOP, a frozen
// container) loses the job to another worker and, when it wakes, would fetch and store beside it.
// A lease row names the mailbox's fetcher: taken only once the last holder's has expired, renewed
// while fetching, and checked (row locked) inside every transaction that stores mail or moves a sync
// mark, so a worker whose lease was taken over commits nothing more. Unlike the session advisory
// lock tried before (66a600a, reverted), it holds no connection for the length of a fetch.
import { randomUUID } from "node:crypto";
import { sql, type SQL } from "drizzle-orm";
import type { Db, DbOrTx } from "../db/client";
import { env } from "../env";

export type FetchLease = { accountId: string; holder: string; seconds: number; lost: boolean };
export type LeaseAttempt = { ok: true; lease: FetchLease } | { ok: false; expiresAt: Date };

/** This worker's lease was taken over by another worker: what it would store now is the other's to store. */
export class FetchLeaseLost extends Error {
  constructor(readonly accountId: string) {
    super("Another worker took this mailbox's fetch over while this one was stalled");
    this.name = "FetchLeaseLost";
  }
}

// The leases each database handle (one per worker) holds now, given up together when the worker stops.
const held = new WeakMap<Db, Set<FetchLease>>();

// An acquirer waits this long for a row locked by a holder's store transaction, then counts the lease as held.
const ACQUIRE_LOCK_TIMEOUT = "2s";

/** Takes the account's lease when nobody holds it or the holder's has expired; otherwise says when it expires. */
export async function acquireFetchLease(db: Db, accountId: string, seconds = env().FETCH_LEASE_SECONDS): Promise<LeaseAttempt> {
  const holder = randomUUID();
  try {
    // One statement, its own transaction: the lock timeout is set by the row it inserts from, before
    // the conflict's row lock is waited on. The database's clock, not the workers': they may disagree.
    const taken = await db.execute<{ holder: string }>(sql`
      insert into fetch_leases (account_id, holder, expires_at)
      select ${accountId}::uuid, ${holder}, clock_timestamp() + make_interval(secs => ${seconds}) from (select set_config('lock_timeout', ${ACQUIRE_LOCK_TIMEOUT}, true)) as waits_at_most
      on conflict (account_id) do update set holder = excluded.holder, expires_at = excluded.expires_at, acquired_at = clock_timestamp()
      where fetch_leases.expires_at <= clock_timestamp()
      returning holder`);
    if (taken.length > 0) {
      const lease = { accountId, holder, seconds, lost: false };
      held.set(db, (held.get(db) ?? new Set()).add(lease));
      return { ok: true, lease };
    }
    const [row] = await db.execute<{ expires_at: string }>(sql`select expires_at from fetch_leases where account_id = ${accountId}`);
    return { ok: false, expiresAt: row ? new Date(row.expires_at) : new Date() };
  } catch (err) {
    // The holder is inside a store transaction (or stalled in one): it holds the mailbox.
    if (sqlState(err) === "55P03") return { ok: false, expiresAt: new Date(Date.now() + seconds * 1000) };
    throw err;
  }
}

/** Extends the lease while it is still ours; false (and `lease.lost`) once another worker has taken it. */
export function renewFetchLease(db: DbOrTx, lease: FetchLease): Promise<boolean> {
  return renew(db, lease, sql``);
}

/**
 * Inside a transaction that stores or moves a mark: locks the lease row until it commits and
 * throws FetchLeaseLost unless it is still ours. One that expired without being taken over is still
 * ours (nobody else has read the mailbox's state since) and is extended.
 */
export async function holdFetchLease(tx: DbOrTx, lease: FetchLease): Promise<void> {
  // A worker stalled inside this transaction would keep the row locked: Postgres ends it instead.
  // Set by the renewal itself (one round trip: this runs in every transaction that stores mail).
  const stalledLimit = sql`from (select set_config('idle_in_transaction_session_timeout', ${`${lease.seconds}s`}, true)) as stalled_limit`;
  if (!(await renew(tx, lease, stalledLimit))) throw new FetchLeaseLost(lease.accountId);
}

/** The renewal, with `from` joined in (a setting made in the same statement). */
async function renew(db: DbOrTx, lease: FetchLease, from: SQL): Promise<boolean> {
  const rows = await db.execute(sql`
    update fetch_leases set expires_at = greatest(expires_at, clock_timestamp() + make_interval(secs => ${lease.seconds}))
    ${from}
    where account_id = ${lease.accountId} and holder = ${lease.holder}
    returning 1`);
  if (rows.length === 0) lease.lost = true;
  return rows.length > 0;
}

/** `write` in a transaction of its own, committed only while the lease is ours. */
export function withFetchLease<T>(db: Db, lease: FetchLease, write: (tx: DbOrTx) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    await holdFetchLease(tx, lease);
    return write(tx);
  });
}

/** Renews the lease every third of its length until stopped; a renewal that finds it taken marks it lost. */
export function keepFetchLease(db: Db, lease: FetchLease, onError: (err: unknown) => void = () => {}): () => void {
  let renewing = false;
  const timer = setInterval(() => {
    if (renewing || lease.lost) return;
    renewing = true;
    // A failed renewal (the database restarting) is tried again; the stores' own check decides.
    renewFetchLease(db, lease)
      .then((ok) => ok || clearInterval(timer))
      .catch(onError)
      .finally(() => (renewing = false));
  }, (lease.seconds * 1000) / 3);
  timer.unref();
  return () => clearInterval(timer);
}

/** Gives the mailbox up at the end of a fetch, if it is still ours. */
export async function releaseFetchLease(db: Db, lease: FetchLease): Promise<void> {
  await db.execute(sql`delete from fetch_leases where account_id = ${lease.accountId} and holder = ${lease.holder}`);
  held.get(db)?.delete(lease);
}

/** Gives up every lease taken through `db` and not yet released; their fetches store nothing more. Answers their accounts. */
export async function releaseFetchLeasesHeldBy(db: Db): Promise<string[]> {
  const leases = [...(held.get(db) ?? [])];
  for (const lease of leases) {
    lease.lost = true;
    await releaseFetchLease(db, lease);
  }
  return leases.map((l) => l.accountId);
}

/** Whether `err` (or what it wraps) says the lease was lost. */
export function isFetchLeaseLost(err: unknown): boolean {
  for (let e = err as { cause?: unknown } | undefined, depth = 0; e && depth < 5; e = e.cause as typeof e, depth++) if (e instanceof FetchLeaseLost) return true;
  return false;
}

function sqlState(err: unknown): string | undefined {
  for (let e = err as { code?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 5; e = e.cause as typeof e, depth++) if (typeof e.code === "string" && /^[0-9A-Z]{5}$/.test(e.code)) return e.code;
  return undefined;
}
