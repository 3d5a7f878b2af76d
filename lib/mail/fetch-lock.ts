// One fetch per mailbox at a time, across every worker. pg-boss keeps one account.fetch job
// active per account, but a worker that stalls past the job's heartbeat (a long GC pause, a
// frozen container) loses the job to another worker and, when it wakes, carries on fetching: two
// fetches of one mailbox at once. A session advisory lock held on a connection of its own for
// the whole fetch closes that gap; it goes with the connection when a worker dies.
import type { Db } from "../db/client";

export type Locked<T> = { locked: true; value: T } | { locked: false };

export async function withAccountFetchLock<T>(db: Db, accountId: string, fetch: () => Promise<T>): Promise<Locked<T>> {
  const conn = await db.$client.reserve();
  try {
    const [row] = await conn<{ ok: boolean }[]>`select pg_try_advisory_lock(hashtext('account.fetch'), hashtext(${accountId})) as ok`;
    if (!row.ok) return { locked: false };
    try {
      return { locked: true, value: await fetch() };
    } finally {
      await conn`select pg_advisory_unlock(hashtext('account.fetch'), hashtext(${accountId}))`.catch(() => {});
    }
  } finally {
    conn.release();
  }
}
