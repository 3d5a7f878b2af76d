import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { PgBoss } from "pg-boss";
import { mailAccounts } from "@/lib/db/schema/accounts";
import { accountFetchJob } from "@/lib/accounts/schemas";
import { BOSS_SCHEMA, type JobContext } from "@/lib/queue";
import { accountsFetchDue } from "@/jobs/accounts-fetch-due";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { makeUser } from "../support/factories";

let tdb: TestDatabase;
let boss: PgBoss;

before(async () => {
  tdb = await createTestDatabase();
  boss = new PgBoss({ connectionString: tdb.url, schema: BOSS_SCHEMA, supervise: false, schedule: false, max: 2 });
  boss.on("error", () => {});
  await boss.start();
});

after(async () => {
  await boss.stop({ graceful: false, close: true });
  await tdb.drop();
});

const tick = () => accountsFetchDue.handler(null, { db: tdb.db, boss } as unknown as JobContext) as Promise<{ due: number; queued: number }>;

const waitingJobs = async () =>
  (await tdb.sql.unsafe(`select singleton_key, data, retry_limit from ${BOSS_SCHEMA}.job where name = $1 and state = 'created' order by singleton_key`, [accountFetchJob.name])) as unknown as {
    singleton_key: string;
    data: { account_id: string; company_id: string };
    retry_limit: number;
  }[];

describe("accounts.fetch-due", () => {
  test("queues one fetch per due account, more than a batch of them, and none again for an account whose fetch still waits", async () => {
    const { companyId } = await makeUser(tdb.db);
    const old = new Date(Date.now() - 3_600_000);
    const rows = Array.from({ length: 1203 }, (_, i) => ({ companyId, email: `box${i}@x.test`, lastFetchAt: old }));
    const due = await tdb.db.insert(mailAccounts).values(rows).returning({ id: mailAccounts.id });
    // Not due: fetched a moment ago, disabled, backing off, or not fetched automatically.
    await tdb.db.insert(mailAccounts).values([
      { companyId, email: "recent@x.test", lastFetchAt: new Date() },
      { companyId, email: "off@x.test", status: "disabled" },
      { companyId, email: "later@x.test", retryAfter: new Date(Date.now() + 3_600_000) },
      { companyId, email: "manual@x.test", autoFetch: false },
    ]);

    assert.deepEqual(await tick(), { due: 1203, queued: 1203 });
    const jobs = await waitingJobs();
    assert.deepEqual(jobs.map((j) => j.singleton_key), due.map((a) => a.id).sort());
    for (const j of jobs) assert.deepEqual(j.data, { account_id: j.singleton_key, company_id: companyId });
    // The queue's own options apply, as they did to a send.
    assert.equal(jobs[0].retry_limit, 3);

    // Still waiting: the next tick finds them due but queues nothing twice.
    const [extra] = await tdb.db.insert(mailAccounts).values({ companyId, email: "new@x.test" }).returning({ id: mailAccounts.id });
    assert.deepEqual(await tick(), { due: 1204, queued: 1 });
    const after = await waitingJobs();
    assert.equal(after.length, 1204);
    assert.ok(after.some((j) => j.singleton_key === extra.id));
  });
});
