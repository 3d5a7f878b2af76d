import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import type { PgBoss } from "pg-boss";
import { syncSchedules } from "@/lib/schedules/sync";
import { nextRuns } from "@/lib/schedules/next-run";
import { SCHEDULED_JOBS } from "@/jobs/crons";
import { makeUser } from "../support/factories";
import { call, startWebTest, type WebTest } from "../support/web";

let web: WebTest;
let boss: PgBoss;
let routes: {
  list: typeof import("@/app/api/ops/schedules/route");
  one: typeof import("@/app/api/ops/schedules/[name]/route");
  run: typeof import("@/app/api/ops/schedules/[name]/run/route");
  sync: typeof import("@/app/api/ops/schedules/sync/route");
};

before(async () => {
  web = await startWebTest("schedules");
  boss = await web.services().boss();
  routes = {
    list: await import("@/app/api/ops/schedules/route"),
    one: await import("@/app/api/ops/schedules/[name]/route"),
    run: await import("@/app/api/ops/schedules/[name]/run/route"),
    sync: await import("@/app/api/ops/schedules/sync/route"),
  };
});

after(() => web.stop());

const GLOBAL = SCHEDULED_JOBS.filter((j) => j.cron).length;
const PER_COMPANY = SCHEDULED_JOBS.filter((j) => j.companyCron).length;
const sync = () => syncSchedules(boss, web.tdb.db, SCHEDULED_JOBS, { defaultTimeZone: "Asia/Jerusalem" });
const setZone = (companyId: string, tz: string) => web.tdb.sql`update companies set time_zone = ${tz} where id = ${companyId}`;

describe("schedules", () => {
  // One test: the counts are of the whole database, built up step by step.
  test("syncSchedules adds one schedule per company in its zone, updates on a zone change, removes a deleted company's, and reports counts", async () => {
    const a = await makeUser(web.tdb.db);
    const b = await makeUser(web.tdb.db);
    await setZone(a.companyId, "Asia/Jerusalem");
    await setZone(b.companyId, "America/New_York");

    assert.deepEqual(await sync(), { added: GLOBAL + 2 * PER_COMPANY, removed: 0, updated: 0, total: GLOBAL + 2 * PER_COMPANY });
    const forA = await boss.getSchedule("attachments.cleanup", a.companyId);
    assert.equal(forA?.timezone, "Asia/Jerusalem");
    assert.equal(forA?.cron, "0 1 * * *");
    assert.deepEqual(forA?.data, { company_id: a.companyId });
    assert.equal((await boss.getSchedule("attachments.cleanup", b.companyId))?.timezone, "America/New_York");
    assert.equal((await boss.getSchedule("documents.sweep"))?.timezone, "Asia/Jerusalem", "a global cron runs in the default zone");

    assert.deepEqual(await sync(), { added: 0, removed: 0, updated: 0, total: GLOBAL + 2 * PER_COMPANY }, "nothing changed, nothing written");

    await setZone(a.companyId, "Europe/London");
    assert.deepEqual(await sync(), { added: 0, removed: 0, updated: PER_COMPANY, total: GLOBAL + 2 * PER_COMPANY });
    assert.equal((await boss.getSchedule("attachments.cleanup", a.companyId))?.timezone, "Europe/London");

    const c = await makeUser(web.tdb.db);
    assert.deepEqual(await sync(), { added: PER_COMPANY, removed: 0, updated: 0, total: GLOBAL + 3 * PER_COMPANY }, "a new company is picked up");

    await web.tdb.sql`delete from companies where id = ${b.companyId}`;
    assert.deepEqual(await sync(), { added: 0, removed: PER_COMPANY, updated: 0, total: GLOBAL + 2 * PER_COMPANY });
    assert.equal(await boss.getSchedule("attachments.cleanup", b.companyId), null);

    // A zone nobody knows is scheduled in the default zone rather than failing the sync.
    await setZone(c.companyId, "Mars/Olympus");
    assert.equal((await sync()).updated, PER_COMPANY);
    assert.equal((await boss.getSchedule("attachments.cleanup", c.companyId))?.timezone, "Asia/Jerusalem");
  });

  test("an admin lists, changes, pauses, resumes and runs a schedule; each save re-syncs and reports its counts", async () => {
    const admin = await makeUser(web.tdb.db, { role: "admin" });
    await setZone(admin.companyId, "Asia/Jerusalem");
    await call(routes.sync.POST, { method: "POST", token: admin.token });

    const list = await call(routes.list.GET, { token: admin.token });
    assert.equal(list.status, 200, list.text);
    const cleanup = list.json.schedules.find((s: { name: string }) => s.name === "attachments.cleanup");
    assert.deepEqual([cleanup.key, cleanup.expression, cleanup.time_zone, cleanup.per_company, cleanup.paused], [admin.companyId, "0 1 * * *", "Asia/Jerusalem", true, false]);
    const next = new Date(cleanup.next_run);
    assert.ok(next > new Date(), "the next run is ahead");
    assert.equal(next.toISOString(), nextRuns("0 1 * * *", "Asia/Jerusalem", new Date(Date.now() - 60_000))[0]!.toISOString());
    assert.equal(list.json.schedules.filter((s: { name: string }) => s.name === "attachments.cleanup").length, 1, "only the caller's company's row");

    const bad = await call(routes.one.PATCH, { method: "PATCH", token: admin.token, params: { name: "attachments.cleanup" }, body: { expression: "0 25 * * *" } });
    assert.equal(bad.status, 422);
    assert.equal(bad.json.error.fields[0].path, "expression");
    assert.equal((await boss.getSchedule("attachments.cleanup", admin.companyId))?.cron, "0 1 * * *", "a refused expression changes nothing");

    const changed = await call(routes.one.PATCH, { method: "PATCH", token: admin.token, params: { name: "attachments.cleanup" }, body: { expression: "30 2 * * *" } });
    assert.equal(changed.status, 200, changed.text);
    assert.equal(changed.json.schedule.expression, "30 2 * * *");
    assert.equal(changed.json.sync.updated, 1);
    assert.equal((await boss.getSchedule("attachments.cleanup", admin.companyId))?.cron, "30 2 * * *");

    const paused = await call(routes.one.PATCH, { method: "PATCH", token: admin.token, params: { name: "attachments.cleanup" }, body: { paused: true } });
    assert.deepEqual([paused.json.schedule.paused, paused.json.schedule.next_run, paused.json.sync.removed], [true, null, 1]);
    assert.equal(await boss.getSchedule("attachments.cleanup", admin.companyId), null, "a paused schedule is not in pg-boss");
    const resumed = await call(routes.one.PATCH, { method: "PATCH", token: admin.token, params: { name: "attachments.cleanup" }, body: { paused: false, expression: null } });
    assert.deepEqual([resumed.json.schedule.paused, resumed.json.schedule.expression, resumed.json.sync.added], [false, "0 1 * * *", 1]);

    const unknown = await call(routes.one.PATCH, { method: "PATCH", token: admin.token, params: { name: "document.process" }, body: { paused: true } });
    assert.equal(unknown.status, 404, "a job without a schedule has nothing to change");

    const run = await call(routes.run.POST, { method: "POST", token: admin.token, params: { name: "attachments.cleanup" } });
    assert.equal(run.status, 202, run.text);
    const [job] = await boss.findJobs("attachments.cleanup", { id: run.json.job_id });
    assert.deepEqual(job?.data, { company_id: admin.companyId }, "run now sends the schedule's payload");

    // Its result, once a worker finishes it, is the row's last run.
    const [fetched] = await boss.fetch("attachments.cleanup");
    await boss.complete("attachments.cleanup", fetched!.id, { documents: 3, raw_messages: 2 });
    const after = await call(routes.list.GET, { token: admin.token });
    const last = after.json.schedules.find((s: { name: string }) => s.name === "attachments.cleanup").last_run;
    assert.deepEqual([last.id, last.state, last.output], [fetched!.id, "completed", { documents: 3, raw_messages: 2 }]);
  });
});
