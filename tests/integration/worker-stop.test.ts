import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { PgBoss } from "pg-boss";
import { generateKey, parseKeyring } from "@/lib/crypto/secrets";
import { BOSS_SCHEMA, enqueue } from "@/lib/queue";
import { accountFetchJob } from "@/lib/accounts/schemas";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { makeImapAccount, makeUser } from "../support/factories";
import { spawnWorkerProcess } from "../support/worker";
import { waitFor } from "../support/wait";

const key = generateKey();
let tdb: TestDatabase;
let dataDir: string;
let boss: PgBoss;
let silent: net.Server;
const sockets = new Set<net.Socket>();

before(async () => {
  [tdb, dataDir] = await Promise.all([createTestDatabase(), mkdtemp(path.join(os.tmpdir(), "mailroom-stop-"))]);
  boss = new PgBoss({ connectionString: tdb.url, schema: BOSS_SCHEMA, supervise: false, schedule: false });
  boss.on("error", () => {});
  await boss.start();
  // A mail server that accepts and never greets: the fetch job stays in flight.
  silent = net.createServer((s) => sockets.add(s));
  await new Promise<void>((r) => silent.listen(0, "127.0.0.1", r));
});

after(async () => {
  for (const s of sockets) s.destroy();
  silent?.close();
  await boss?.stop({ graceful: false, close: true });
  await tdb?.drop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

test("SIGTERM with a job still running: the worker hands it back and exits within WORKER_STOP_SECONDS, before Docker's grace", async (t) => {
  const { companyId } = await makeUser(tdb.db);
  const port = (silent.address() as net.AddressInfo).port;
  const account = await makeImapAccount(tdb.db, parseKeyring(key), companyId, { email: "slow@x.test", host: "127.0.0.1", port, security: "none", password: "pw" });
  const worker = spawnWorkerProcess({ databaseUrl: tdb.url, dataDir, encryptionKey: key, concurrency: 1, env: { WORKER_STOP_SECONDS: "1" } });
  const exited = new Promise<number | null>((r) => worker.once("exit", (code) => r(code)));
  const jobId = await enqueue(boss, accountFetchJob, { account_id: account.id, company_id: companyId }, { singletonKey: account.id });
  await waitFor("the fetch to be in flight", async () => sockets.size > 0, { timeoutMs: 60_000 });

  const sent = Date.now();
  worker.kill("SIGTERM");
  const code = await exited;
  const seconds = (Date.now() - sent) / 1000;
  assert.equal(code, 0, "a clean exit");
  assert.ok(seconds < 30, `stopped in ${seconds} s, inside Docker's 30 s stop grace`);
  const job = await boss.getJobById(accountFetchJob.name, jobId!);
  assert.notEqual(job?.state, "active", "handed back at once, not left to expire");
  t.diagnostic(`stopped in ${seconds} s; the job is now ${job?.state} (retry ${job?.retryCount} of ${job?.retryLimit})`);
});
