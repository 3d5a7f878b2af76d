import { eq, sql } from "drizzle-orm";
import type { DbOrTx } from "../db/client";
import { rateLimits } from "../db/schema/system";

export type RateLimit = { limit: number; windowSeconds: number };
export type RateLimitResult = { allowed: boolean; count: number; retryAfterSeconds: number };

/**
 * Counts one attempt under `key` in a fixed window and says whether it is within the limit.
 * One upsert, so concurrent requests from several processes count exactly.
 */
export async function consumeRateLimit(db: DbOrTx, key: string, limit: RateLimit): Promise<RateLimitResult> {
  const [row] = await db.execute<{ count: number; retry_after: number }>(sql`
    insert into ${rateLimits} as r (key, window_start, count) values (${key}, now(), 1)
    on conflict (key) do update set
      count = case when r.window_start <= now() - make_interval(secs => ${limit.windowSeconds}) then 1 else r.count + 1 end,
      window_start = case when r.window_start <= now() - make_interval(secs => ${limit.windowSeconds}) then now() else r.window_start end
    returning count, ceil(extract(epoch from (window_start + make_interval(secs => ${limit.windowSeconds}) - now())))::int as retry_after`);
  return { allowed: row.count <= limit.limit, count: row.count, retryAfterSeconds: Math.max(1, row.retry_after) };
}

/** Whether `key` is already over its limit, without counting an attempt. */
export async function isRateLimited(db: DbOrTx, key: string, limit: RateLimit): Promise<RateLimitResult> {
  const [row] = await db.execute<{ count: number; retry_after: number }>(sql`
    select count, ceil(extract(epoch from (window_start + make_interval(secs => ${limit.windowSeconds}) - now())))::int as retry_after
    from ${rateLimits} where key = ${key} and window_start > now() - make_interval(secs => ${limit.windowSeconds})`);
  if (!row) return { allowed: true, count: 0, retryAfterSeconds: 0 };
  return { allowed: row.count < limit.limit, count: row.count, retryAfterSeconds: Math.max(1, row.retry_after) };
}

/** Forgets the attempts under `key` (a successful login resets its failures). */
export async function resetRateLimit(db: DbOrTx, key: string): Promise<void> {
  await db.delete(rateLimits).where(eq(rateLimits.key, key));
}

/** Takes one counted attempt back (a success, where only failures should count). */
export async function refundRateLimit(db: DbOrTx, key: string): Promise<void> {
  await db
    .update(rateLimits)
    .set({ count: sql`greatest(${rateLimits.count} - 1, 0)` })
    .where(eq(rateLimits.key, key));
}
