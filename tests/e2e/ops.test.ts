import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { PgBoss } from "pg-boss";
import { BOSS_SCHEMA } from "@/lib/queue";
import { JOBS } from "@/jobs/index";
import { makeUser } from "../support/factories";
import { startTestWorker } from "../support/worker";
import { signedInPage, startBrowserTest, type BrowserTest } from "../support/e2e";

let t: BrowserTest;
let boss: PgBoss;

before(async () => {
  t = await startBrowserTest("ops");
  boss = new PgBoss({ connectionString: t.tdb.url, schema: BOSS_SCHEMA, supervise: false, schedule: false });
  boss.on("error", () => {});
  await boss.start();
  for (const j of JOBS) await boss.createQueue(j.name, j.options);
});

after(async () => {
  await boss?.stop({ graceful: false, close: true });
  await t?.stop();
});

test("a failed job retried from the Jobs page runs again and completes", async () => {
  const admin = await makeUser(t.tdb.db, { role: "admin" });
  // A sweep that failed while no worker ran: claimed and failed by hand, with the error a handler would leave.
  const id = (await boss.send("documents.sweep", {}, { retryLimit: 0 }))!;
  const claimed = await boss.fetch("documents.sweep", { batchSize: 5 });
  assert.ok(claimed.some((j) => j.id === id));
  await boss.fail("documents.sweep", id, { message: "database went away", stack: "Error: database went away\n    at sweep (jobs/documents-sweep.ts:1:1)" });

  const worker = await startTestWorker({ databaseUrl: t.tdb.url, dataDir: t.dataDir, encryptionKey: t.key, concurrency: 1 });
  try {
    const { page, watch } = await signedInPage(t.browser, t.app.url, admin.user);
    await page.goto(`${t.app.url}/ops/queues`);
    await page.locator('tr[data-queue="documents.sweep"]').getByRole("link", { name: "1" }).click();
    await page.waitForURL(/\/ops\/jobs\?queue=documents\.sweep&state=failed/);
    await page.getByRole("link", { name: `Open job ${id}` }).click();
    await page.getByText("at sweep (jobs/documents-sweep.ts:1:1)").waitFor();
    await page.locator('[data-state="failed"]').waitFor();

    await page.getByRole("button", { name: "Retry" }).click();
    // The worker picks it up; the page shows the new state when refreshed.
    // The worker picks it up; each refresh reads the job again until it shows completed.
    while ((await page.locator('[data-state="completed"]').count()) === 0) {
      await Promise.all([page.waitForResponse((r) => r.url().includes(`/api/ops/jobs/documents.sweep/${id}`)), page.getByRole("button", { name: "↻" }).click()]);
    }
    await page.getByTestId("job-output").getByText(/"requeued": 0/).waitFor();
    const [row] = await t.tdb.sql.unsafe(`select state::text as state, retry_count from ${BOSS_SCHEMA}.job where id = $1`, [id]);
    assert.equal(row.state, "completed");
    watch.assertClean("ops pages");
  } finally {
    await worker.stop();
  }
});
