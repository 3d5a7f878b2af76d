import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { PgBoss } from "pg-boss";
import { generateKey, parseKeyring } from "@/lib/crypto/secrets";
import { mailAccounts } from "@/lib/db/schema/accounts";
import { dueAccounts } from "@/lib/accounts/due";
import { getAccount } from "@/lib/accounts/service";
import { fetchAccount } from "@/lib/mail/fetch-account";
import { createStorage } from "@/lib/storage/storage";
import { BOSS_SCHEMA } from "@/lib/queue";
import { logger } from "@/lib/logger";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { startDovecot, type Dovecot } from "../support/dovecot";
import { buildMessage, makePdf } from "../support/mime";
import { makeUser } from "../support/factories";
import { call, useWebEnv } from "../support/web";

let tdb: TestDatabase;
let dovecot: Dovecot;
let boss: PgBoss;
let dataDir: string;
const key = generateKey();
let routes: {
  accounts: typeof import("@/app/api/accounts/route");
  account: typeof import("@/app/api/accounts/[id]/route");
  test: typeof import("@/app/api/accounts/[id]/test/route");
};

before(async () => {
  [tdb, dovecot, dataDir] = await Promise.all([createTestDatabase(), startDovecot({ users: [{ name: "billing", password: "imap-pass" }] }), mkdtemp(path.join(os.tmpdir(), "mailroom-status-"))]);
  useWebEnv(tdb.url, { ENCRYPTION_KEY: key, AUTH_SECRET: "test-secret-test-secret", DATA_DIR: dataDir });
  routes = {
    accounts: await import("@/app/api/accounts/route"),
    account: await import("@/app/api/accounts/[id]/route"),
    test: await import("@/app/api/accounts/[id]/test/route"),
  };
  boss = new PgBoss({ connectionString: tdb.url, schema: BOSS_SCHEMA, supervise: false, schedule: false });
  boss.on("error", () => {});
  await boss.start();
});

after(async () => {
  await boss.stop({ graceful: false, close: true });
  await dovecot.dispose();
  await tdb.drop();
  await rm(dataDir, { recursive: true, force: true });
});

const mailbox = (password = "imap-pass") => ({ email: "billing@acme.test", host: dovecot.host, port: dovecot.port, security: "none", username: "billing", password });
const statusOf = async (id: string) => (await tdb.db.select({ status: mailAccounts.status }).from(mailAccounts).where(eq(mailAccounts.id, id)))[0].status;

async function created(token: string, body: Record<string, unknown> = mailbox()) {
  const res = await call(routes.accounts.POST, { method: "POST", token, body });
  assert.equal(res.status, 201, res.text);
  return res.json as { id: string; status: string };
}

describe("account status", () => {
  test("a new account is not checked yet, and the first successful connection test makes it ok", async () => {
    const { token } = await makeUser(tdb.db);
    const account = await created(token);
    assert.equal(account.status, "unchecked");
    assert.equal((await call(routes.account.GET, { token, params: { id: account.id } })).json.status, "unchecked");

    const res = await call(routes.test.POST, { method: "POST", token, params: { id: account.id } });
    assert.equal(res.json.ok, true, res.text);
    assert.equal(await statusOf(account.id), "ok");
  });

  test("a new account whose test fails shows the failure, not ok, until a test succeeds", async () => {
    const { token } = await makeUser(tdb.db);
    const account = await created(token, mailbox("wrong-pass"));
    const failed = await call(routes.test.POST, { method: "POST", token, params: { id: account.id } });
    assert.equal(failed.json.ok, false);
    assert.equal(await statusOf(account.id), "auth_error");

    const fixed = await call(routes.account.PATCH, { method: "PATCH", token, params: { id: account.id }, body: { password: "imap-pass" } });
    assert.equal(fixed.status, 200, fixed.text);
    assert.equal(fixed.json.status, "unchecked", "a new password has not been tried yet");
    assert.equal((await call(routes.test.POST, { method: "POST", token, params: { id: account.id } })).json.ok, true);
    assert.equal(await statusOf(account.id), "ok");
  });

  test("an account not checked yet is due for fetching, and its first successful fetch makes it ok", async () => {
    const { token, companyId } = await makeUser(tdb.db);
    const account = await created(token);
    assert.equal(account.status, "unchecked");
    assert.ok((await dueAccounts(tdb.db, new Date())).some((a) => a.id === account.id), "unchecked accounts are fetched on schedule");

    await dovecot.append("billing", "INBOX", buildMessage({ subject: "Invoice 7", attachments: [{ filename: "invoice-7.pdf", contentType: "application/pdf", content: makePdf("Invoice 7") }] }));
    const deps = { db: tdb.db, boss, storage: createStorage({ dataDir }), keyring: parseKeyring(key), log: logger };
    const outcome = await fetchAccount(deps, await getAccount(tdb.db, companyId, account.id), { batchSize: 100, maxAttachmentBytes: 25 * 1024 * 1024 });
    assert.equal(outcome.ok, true);
    assert.equal(await statusOf(account.id), "ok");
  });

  test("pointing an account at another server or login makes it unchecked again; other changes keep its status", async () => {
    const { token } = await makeUser(tdb.db);
    const account = await created(token);
    const params = { id: account.id };
    await call(routes.test.POST, { method: "POST", token, params });
    assert.equal(await statusOf(account.id), "ok");

    const unrelated = await call(routes.account.PATCH, { method: "PATCH", token, params, body: { fetch_interval: 900 } });
    assert.equal(unrelated.status, 200, unrelated.text);
    assert.equal(unrelated.json.status, "ok");

    const moved = await call(routes.account.PATCH, { method: "PATCH", token, params, body: { host: "localhost", password: "imap-pass" } });
    assert.equal(moved.status, 200, moved.text);
    assert.equal(moved.json.status, "unchecked");
    assert.equal(moved.json.last_error, null);
  });

  test("a disabled account stays disabled when tested, and is unchecked again once re-enabled", async () => {
    const { token } = await makeUser(tdb.db);
    const account = await created(token);
    const params = { id: account.id };
    assert.equal((await call(routes.account.PATCH, { method: "PATCH", token, params, body: { status: "disabled" } })).json.status, "disabled");
    await call(routes.test.POST, { method: "POST", token, params });
    assert.equal(await statusOf(account.id), "disabled");
    assert.equal((await call(routes.account.PATCH, { method: "PATCH", token, params, body: { status: "ok" } })).json.status, "unchecked");
  });
});
