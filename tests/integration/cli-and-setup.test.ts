import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import path from "node:path";
import { generateKey } from "@/lib/crypto/secrets";
import { callerFromToken } from "@/lib/auth/tokens";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { call, useWebEnv } from "../support/web";

let tdb: TestDatabase;
const root = path.resolve(__dirname, "../..");

before(async () => {
  tdb = await createTestDatabase();
  useWebEnv(tdb.url, { ENCRYPTION_KEY: generateKey(), AUTH_SECRET: "test-secret-test-secret" });
});
after(() => tdb.drop());

function cli(...args: string[]) {
  return spawnSync(process.execPath, ["--import", "tsx", path.join(root, "scripts/cli.ts"), ...args], {
    cwd: root,
    encoding: "utf8",
    env: { ...process.env, DATABASE_URL: tdb.url, LOG_LEVEL: "silent" },
  });
}

test("setup creates the first admin once; a second setup is refused", async () => {
  const setup = await import("@/app/api/setup/route");
  assert.deepEqual((await call(setup.GET, {})).json, { needs_setup: true });
  const bad = await call(setup.POST, { method: "POST", body: { company: "", email: "nope", password: "short" } });
  assert.equal(bad.status, 422);
  assert.match(bad.json.error.message, /company/);
  assert.match(bad.json.error.message, /email/);
  assert.match(bad.json.error.message, /password/);
  const ok = await call(setup.POST, { method: "POST", body: { company: "Acme", email: "Admin@Acme.test", password: "long enough" } });
  assert.equal(ok.status, 201);
  assert.equal(ok.json.role, "admin");
  assert.equal(ok.json.email, "admin@acme.test");
  assert.ok(!ok.text.includes("long enough"));
  const again = await call(setup.POST, { method: "POST", body: { company: "Evil", email: "e@evil.test", password: "long enough" } });
  assert.equal(again.status, 409);
  assert.deepEqual((await call(setup.GET, {})).json, { needs_setup: false });
});

test("the CLI creates users and prints a working token alone on stdout", async () => {
  const created = cli("user", "create", "--email", "ops@corp.test", "--password", "opspassword", "--company", "Corp", "--role", "admin");
  assert.equal(created.status, 0, created.stderr);
  assert.match(created.stdout, /created admin ops@corp.test/);
  const dup = cli("user", "create", "--email", "ops@corp.test", "--password", "opspassword");
  assert.equal(dup.status, 1);
  assert.match(dup.stderr, /already exists/);

  const token = cli("token", "create", "--email", "ops@corp.test");
  assert.equal(token.status, 0, token.stderr);
  assert.match(token.stdout, /^mr_[A-Za-z0-9_-]+\n$/);
  const caller = await callerFromToken(tdb.db, token.stdout.trim());
  assert.equal(caller?.email, "ops@corp.test");
  assert.equal(caller?.role, "admin");

  const usage = cli("frobnicate");
  assert.equal(usage.status, 2);
  assert.match(usage.stderr, /usage:/);
  const badPw = cli("user", "create", "--email", "x@corp.test", "--password", "short");
  assert.equal(badPw.status, 1);
  assert.match(badPw.stderr, /--password: must be at least 8 characters/);
});

test("the CLI runs a job by name", () => {
  const r = cli("job", "run", "accounts.fetch-due");
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout.trim().split("\n").at(-1)!), { due: 0, queued: 0 });
});
