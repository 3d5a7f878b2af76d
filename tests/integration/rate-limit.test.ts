import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { consumeRateLimit, isRateLimited, refundRateLimit, resetRateLimit } from "@/lib/security/rate-limit";
import { createTestDatabase, type TestDatabase } from "../support/db";

let tdb: TestDatabase;
before(async () => {
  tdb = await createTestDatabase();
});
after(async () => {
  await tdb.drop();
});

test("a rate limit allows the limit, refuses the next attempt with a wait, and counts concurrent attempts exactly", async () => {
  const limit = { limit: 5, windowSeconds: 60 };
  const results = await Promise.all(Array.from({ length: 8 }, () => consumeRateLimit(tdb.db, "test:a", limit)));
  assert.equal(results.filter((r) => r.allowed).length, 5);
  assert.deepEqual(results.map((r) => r.count).sort((a, b) => a - b), [1, 2, 3, 4, 5, 6, 7, 8]);
  const refused = results.find((r) => !r.allowed)!;
  assert.ok(refused.retryAfterSeconds > 0 && refused.retryAfterSeconds <= 60);
  assert.equal((await isRateLimited(tdb.db, "test:a", limit)).allowed, false);
  assert.equal((await isRateLimited(tdb.db, "test:b", limit)).allowed, true, "another key has its own count");
});

test("a reset forgets the attempts, and an expired window starts again at one", async () => {
  const limit = { limit: 1, windowSeconds: 60 };
  await consumeRateLimit(tdb.db, "test:c", limit);
  assert.equal((await consumeRateLimit(tdb.db, "test:c", limit)).allowed, false);
  await resetRateLimit(tdb.db, "test:c");
  assert.equal((await consumeRateLimit(tdb.db, "test:c", limit)).count, 1);
  await tdb.sql`update rate_limits set window_start = now() - interval '2 minutes' where key = 'test:c'`;
  const again = await consumeRateLimit(tdb.db, "test:c", limit);
  assert.equal(again.count, 1);
  assert.equal(again.allowed, true);
});

test("a refund takes one attempt back and never counts below zero", async () => {
  const limit = { limit: 2, windowSeconds: 60 };
  await consumeRateLimit(tdb.db, "test:d", limit);
  await consumeRateLimit(tdb.db, "test:d", limit);
  await refundRateLimit(tdb.db, "test:d");
  assert.equal((await consumeRateLimit(tdb.db, "test:d", limit)).allowed, true, "two counted, one refunded, so the third is the second");
  for (let i = 0; i < 4; i++) await refundRateLimit(tdb.db, "test:d");
  assert.equal((await consumeRateLimit(tdb.db, "test:d", limit)).count, 1);
});
