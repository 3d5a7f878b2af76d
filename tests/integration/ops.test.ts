import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { eq, sql } from "drizzle-orm";
import type { PgBoss } from "pg-boss";
import parsePrometheusTextFormat from "parse-prometheus-text-format";
import { setEnv } from "@/lib/env";
import { createUser } from "@/lib/auth/users";
import { createApiToken } from "@/lib/auth/tokens";
import { observeStage, flushStageTimings } from "@/lib/ops/stage-timings";
import { recordHeartbeat } from "@/lib/ops/workers";
import { workerHeartbeats } from "@/lib/db/schema/system";
import { fetchRuns } from "@/lib/db/schema/accounts";
import { makeImapAccount, makeUser } from "../support/factories";
import { startTestWorker } from "../support/worker";
import { call, startWebTest, type WebTest } from "../support/web";
import { waitFor } from "../support/wait";
import { parseKeyring } from "@/lib/crypto/secrets";

let web: WebTest;
let boss: PgBoss;
let routes: {
  health: typeof import("@/app/api/health/route");
  metrics: typeof import("@/app/api/metrics/route");
  queues: typeof import("@/app/api/ops/queues/route");
  jobs: typeof import("@/app/api/ops/jobs/route");
  job: typeof import("@/app/api/ops/jobs/[queue]/[id]/route");
  retry: typeof import("@/app/api/ops/jobs/[queue]/[id]/retry/route");
  cancel: typeof import("@/app/api/ops/jobs/[queue]/[id]/cancel/route");
  rerun: typeof import("@/app/api/ops/jobs/[queue]/[id]/rerun/route");
  run: typeof import("@/app/api/ops/run/[queue]/route");
  fetching: typeof import("@/app/api/ops/fetching/route");
  fetchingAccount: typeof import("@/app/api/ops/fetching/accounts/[id]/route");
  workers: typeof import("@/app/api/ops/workers/route");
};

before(async () => {
  web = await startWebTest("ops");
  boss = await web.services().boss();
  // The web's boss creates no queues: the worker's start does; here the queues a test sends to are made directly.
  const { JOBS } = await import("@/jobs/index");
  for (const j of JOBS) await boss.createQueue(j.name, j.options);
  routes = {
    health: await import("@/app/api/health/route"),
    metrics: await import("@/app/api/metrics/route"),
    queues: await import("@/app/api/ops/queues/route"),
    jobs: await import("@/app/api/ops/jobs/route"),
    job: await import("@/app/api/ops/jobs/[queue]/[id]/route"),
    retry: await import("@/app/api/ops/jobs/[queue]/[id]/retry/route"),
    cancel: await import("@/app/api/ops/jobs/[queue]/[id]/cancel/route"),
    rerun: await import("@/app/api/ops/jobs/[queue]/[id]/rerun/route"),
    run: await import("@/app/api/ops/run/[queue]/route"),
    fetching: await import("@/app/api/ops/fetching/route"),
    fetchingAccount: await import("@/app/api/ops/fetching/accounts/[id]/route"),
    workers: await import("@/app/api/ops/workers/route"),
  };
});

after(() => web.stop());

async function memberOf(companyId: string) {
  const user = await createUser(web.tdb.db, { companyId }, { email: `m-${Math.random().toString(16).slice(2)}@example.test`, password: "correct horse battery", role: "member" });
  return (await createApiToken(web.tdb.db, { userId: user.id, companyId }, "test")).token;
}

/** One sample's value from Prometheus text, its labels given in the order written. */
function sample(text: string, name: string, labels: Record<string, string>): number | undefined {
  const want = `${name}{${Object.entries(labels).map(([k, v]) => `${k}="${v}"`).join(",")}} `;
  const line = text.split("\n").find((l) => l.startsWith(want));
  return line === undefined ? undefined : Number(line.slice(want.length));
}

const jobState = async (id: string) => (await web.tdb.sql.unsafe(`select state::text as state from pgboss.job where id = $1`, [id]))[0]?.state as string | undefined;

describe("ops API", () => {
  test("a member is refused every operations route; an admin is let in", async () => {
    const admin = await makeUser(web.tdb.db);
    const member = await memberOf(admin.companyId);
    const attempts = [
      call(routes.queues.GET, { token: member }),
      call(routes.jobs.GET, { token: member }),
      call(routes.workers.GET, { token: member }),
      call(routes.fetching.GET, { token: member }),
      call(routes.fetching.PUT, { method: "PUT", token: member, body: { paused: true } }),
      call(routes.run.POST, { method: "POST", token: member, params: { queue: "documents.sweep" } }),
    ];
    for (const res of await Promise.all(attempts)) assert.equal(res.status, 403, res.text);
    const queues = await call(routes.queues.GET, { token: admin.token });
    assert.equal(queues.status, 200, queues.text);
    const sweep = queues.json.queues.find((q: { name: string }) => q.name === "documents.sweep");
    assert.deepEqual(Object.keys(sweep.counts).sort(), ["active", "cancelled", "completed", "created", "failed", "retry"]);
    assert.equal(sweep.runnable, true);
    assert.equal(queues.json.queues.find((q: { name: string }) => q.name === "account.fetch").runnable, false);
    assert.equal(queues.json.throughput.length, 24, "one point per hour of the last day");
  });

  test("a failed job is listed with its error, its secrets removed, retried once more, and another company cannot see it", async () => {
    const a = await makeUser(web.tdb.db);
    const b = await makeUser(web.tdb.db);
    const id = (await boss.send("email.send", { email_id: "00000000-0000-4000-8000-000000000001", company_id: a.companyId, smtp_password: "hunter2" }, { retryLimit: 0 }))!;
    const [fetched] = await boss.fetch("email.send", { batchSize: 10 }).then((js) => js.filter((j) => j.id === id));
    assert.ok(fetched, "the job was fetched");
    await boss.fail("email.send", id, { message: "SMTP said no", stack: "Error: SMTP said no\n    at deliver" });
    assert.equal(await jobState(id), "failed");

    const list = await call(routes.jobs.GET, { token: a.token, path: "/api/ops/jobs?queue=email.send&state=failed" });
    assert.equal(list.status, 200, list.text);
    assert.ok(list.json.items.some((j: { id: string }) => j.id === id));
    const detail = await call(routes.job.GET, { token: a.token, params: { queue: "email.send", id } });
    assert.equal(detail.status, 200, detail.text);
    assert.equal(detail.json.data.smtp_password, "[redacted]");
    assert.equal(detail.json.data.email_id, "00000000-0000-4000-8000-000000000001");
    assert.match(detail.json.output.stack, /at deliver/);
    assert.doesNotMatch(detail.text, /hunter2/);

    const other = await call(routes.jobs.GET, { token: b.token, path: "/api/ops/jobs?queue=email.send" });
    assert.ok(!other.json.items.some((j: { id: string }) => j.id === id), "another company's job is not listed");
    for (const res of [
      await call(routes.job.GET, { token: b.token, params: { queue: "email.send", id } }),
      await call(routes.retry.POST, { method: "POST", token: b.token, params: { queue: "email.send", id } }),
      await call(routes.rerun.POST, { method: "POST", token: b.token, params: { queue: "email.send", id } }),
    ])
      assert.equal(res.status, 404, res.text);
    assert.equal(await jobState(id), "failed", "the other company's retry changed nothing");

    const retried = await call(routes.retry.POST, { method: "POST", token: a.token, params: { queue: "email.send", id } });
    assert.equal(retried.status, 200, retried.text);
    assert.equal(retried.json.state, "retry");
    const again = await call(routes.retry.POST, { method: "POST", token: a.token, params: { queue: "email.send", id } });
    assert.equal(again.status, 409, "a job waiting to run is not retried twice");

    const cancelled = await call(routes.cancel.POST, { method: "POST", token: a.token, params: { queue: "email.send", id } });
    assert.equal(cancelled.json.state, "cancelled");
    const resumed = await call(routes.retry.POST, { method: "POST", token: a.token, params: { queue: "email.send", id } });
    assert.equal(resumed.json.state, "created", "a cancelled job is resumed");

    const rerun = await call(routes.rerun.POST, { method: "POST", token: a.token, params: { queue: "email.send", id } });
    assert.equal(rerun.status, 202, rerun.text);
    const copy = await web.tdb.sql.unsafe(`select data from pgboss.job where id = $1`, [rerun.json.job_id]);
    assert.equal(copy[0].data.company_id, a.companyId);

    const bad = await call(routes.job.GET, { token: a.token, params: { queue: "email.send", id: "not-a-uuid" } });
    assert.equal(bad.status, 404);
  });

  test("run now sends a cron's job with its default payload and refuses a job that needs an id", async () => {
    const admin = await makeUser(web.tdb.db);
    const cleanup = await call(routes.run.POST, { method: "POST", token: admin.token, params: { queue: "attachments.cleanup" } });
    assert.equal(cleanup.status, 202, cleanup.text);
    const [job] = await web.tdb.sql.unsafe(`select data from pgboss.job where id = $1`, [cleanup.json.job_id]);
    assert.deepEqual(job.data, { company_id: admin.companyId }, "a per-company job runs for the caller's company");

    const fetch = await call(routes.run.POST, { method: "POST", token: admin.token, params: { queue: "account.fetch" } });
    assert.equal(fetch.status, 422);
    assert.equal(fetch.json.error.code, "jobs.needs_payload");
    const unknown = await call(routes.run.POST, { method: "POST", token: admin.token, params: { queue: "no.such-queue" } });
    assert.equal(unknown.status, 404);
  });

  test("the fetching switches: company-wide and per mailbox, scoped to the caller's company", async () => {
    const a = await makeUser(web.tdb.db);
    const b = await makeUser(web.tdb.db);
    const ring = parseKeyring(web.key);
    const account = await makeImapAccount(web.tdb.db, ring, a.companyId, { email: "sw@x.test", host: "127.0.0.1", port: 1, password: "pw" });
    const off = await call(routes.fetching.PUT, { method: "PUT", token: a.token, body: { paused: true } });
    assert.equal(off.status, 200, off.text);
    assert.equal(off.json.paused, true);
    assert.equal((await call(routes.fetching.GET, { token: b.token })).json.paused, false, "another company keeps fetching");
    await call(routes.fetching.PUT, { method: "PUT", token: a.token, body: { paused: false } });

    const byOther = await call(routes.fetchingAccount.PUT, { method: "PUT", token: b.token, params: { id: account.id }, body: { paused: true } });
    assert.equal(byOther.status, 404);
    const one = await call(routes.fetchingAccount.PUT, { method: "PUT", token: a.token, params: { id: account.id }, body: { paused: true } });
    assert.equal(one.status, 200, one.text);
    assert.deepEqual(one.json.accounts.map((x: { id: string; paused: boolean }) => [x.id, x.paused]), [[account.id, true]]);
    const bad = await call(routes.fetching.PUT, { method: "PUT", token: a.token, body: { paused: "yes" } });
    assert.equal(bad.status, 422);
  });

  test("metrics: Prometheus text with every mailroom series, behind METRICS_TOKEN", async () => {
    const admin = await makeUser(web.tdb.db);
    const ring = parseKeyring(web.key);
    const account = await makeImapAccount(web.tdb.db, ring, admin.companyId, { email: "m@x.test", host: "127.0.0.1", port: 1, password: "pw" });
    await web.tdb.db.insert(fetchRuns).values({ companyId: admin.companyId, accountId: account.id, status: "error", errorCode: "auth", error: "Login failed" });
    await recordHeartbeat(web.tdb.db, { id: "metrics-worker", jobsInFlight: 2, rssBytes: 123_000_000 });
    observeStage("ocr", 0.3);
    observeStage("ocr", 7);
    await flushStageTimings(web.tdb.db);

    // The figures span every company: with no token set there are none to give.
    const off = await call(routes.metrics.GET, {});
    assert.equal(off.status, 404, off.text);
    assert.match(off.text, /METRICS_TOKEN/);
    setEnv({ METRICS_TOKEN: "scrape-me-please" });
    try {
      assert.equal((await call(routes.metrics.GET, {})).status, 401);
      assert.equal((await call(routes.metrics.GET, { token: "wrong" })).status, 401);
      const res = await call(routes.metrics.GET, { token: "scrape-me-please" });
      assert.equal(res.status, 200, res.text);
      assert.match(res.headers.get("content-type") ?? "", /text\/plain/);
      const families = new Map(parsePrometheusTextFormat(res.text).map((f) => [f.name, f]));
      for (const [name, type] of [
        ["mailroom_emails_fetched_total", "COUNTER"],
        ["mailroom_documents_processed_total", "COUNTER"],
        ["mailroom_stage_seconds", "HISTOGRAM"],
        ["mailroom_queue_jobs", "GAUGE"],
        ["mailroom_fetch_errors_total", "COUNTER"],
        ["mailroom_worker_heartbeat_timestamp_seconds", "GAUGE"],
        ["process_resident_memory_bytes", "GAUGE"],
        ["nodejs_eventloop_lag_seconds", "GAUGE"],
      ])
        assert.equal(families.get(name)?.type, type, `${name} is a ${type}`);
      const auth = families.get("mailroom_fetch_errors_total")!.metrics.find((m) => m.labels?.reason === "auth");
      assert.ok(Number(auth?.value) >= 1);
      // The parser folds a labelled histogram's series into one, so the stage's samples are read from the lines themselves.
      assert.equal(sample(res.text, "mailroom_stage_seconds_count", { stage: "ocr" }), 2);
      assert.equal(sample(res.text, "mailroom_stage_seconds_bucket", { le: "0.5", stage: "ocr" }), 1);
      assert.equal(sample(res.text, "mailroom_stage_seconds_bucket", { le: "10", stage: "ocr" }), 2);
      assert.equal(sample(res.text, "mailroom_stage_seconds_bucket", { le: "+Inf", stage: "ocr" }), 2);
      assert.ok(Math.abs(sample(res.text, "mailroom_stage_seconds_sum", { stage: "ocr" })! - 7.3) < 1e-9);
      const beat = families.get("mailroom_worker_heartbeat_timestamp_seconds")!.metrics.find((m) => m.labels?.worker === "metrics-worker");
      assert.ok(beat && Number(beat.value) > 1.7e9);
      const queued = families.get("mailroom_queue_jobs")!.metrics.filter((m) => m.labels?.queue === "document.process");
      assert.deepEqual(queued.map((m) => m.labels?.state).sort(), ["active", "cancelled", "completed", "created", "failed", "retry"]);
    } finally {
      setEnv({ METRICS_TOKEN: "" });
      await web.tdb.db.delete(workerHeartbeats).where(eq(workerHeartbeats.id, "metrics-worker"));
    }
  });

  test("health says the worker is missing (503) once the only worker has stopped, and the Workers API warns", async () => {
    const admin = await makeUser(web.tdb.db);
    await web.tdb.db.delete(workerHeartbeats);
    const worker = await startTestWorker({ databaseUrl: web.tdb.url, dataDir: web.dataDir, encryptionKey: web.key, concurrency: 1 });
    let stopped = false;
    try {
      const up = await call(routes.health.GET, {});
      assert.deepEqual([up.status, up.json.worker], [200, "ok"], up.text);
      const listed = await call(routes.workers.GET, { token: admin.token });
      const me = listed.json.workers.find((w: { id: string }) => w.id === worker.id);
      assert.equal(me.state, "running");
      assert.equal(me.pid, process.pid);
      assert.ok(me.rss_bytes > 0);
      assert.ok(!listed.json.warnings.some((w: { code: string }) => w.code === "no_worker"));
      await worker.stop();
      stopped = true;
    } finally {
      if (!stopped) await worker.stop();
    }
    const down = await call(routes.health.GET, {});
    assert.deepEqual([down.status, down.json.status, down.json.worker], [503, "degraded", "missing"]);
    assert.doesNotMatch(down.text, new RegExp(worker.id));
    const asAdmin = await call(routes.health.GET, { token: admin.token });
    assert.ok(asAdmin.json.last_heartbeat_at, "an admin sees when a worker was last heard from");
    const [row] = await web.tdb.db.select().from(workerHeartbeats).where(eq(workerHeartbeats.id, worker.id));
    assert.ok(row.stoppedAt, "a graceful stop marks the row stopped");
    const listed = await call(routes.workers.GET, { token: admin.token });
    assert.equal(listed.json.workers.find((w: { id: string }) => w.id === worker.id).state, "stopped");
    assert.equal(listed.json.warnings[0].code, "no_worker");
    assert.equal(Number((await web.tdb.db.execute<{ n: number }>(sql`select count(*)::int as n from worker_heartbeats where stopped_at is null`))[0].n), 0);
  });
});
