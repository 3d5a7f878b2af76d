import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { createTranslator } from "next-intl";
import { PgBoss } from "pg-boss";
import { generateKey, parseKeyring } from "@/lib/crypto/secrets";
import { getAccount } from "@/lib/accounts/service";
import { fetchAccount, type FetchDeps } from "@/lib/mail/fetch-account";
import { createStorage } from "@/lib/storage/storage";
import { BOSS_SCHEMA } from "@/lib/queue";
import { logger } from "@/lib/logger";
import { MESSAGES } from "@/lib/i18n/messages";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { startDovecot, type Dovecot } from "../support/dovecot";
import { makeGmailAccount, makeUser } from "../support/factories";
import { googleEnv, startFakeGoogle, type FakeGoogle } from "../support/google";
import { call, useWebEnv } from "../support/web";

let tdb: TestDatabase;
let dovecot: Dovecot;
let google: FakeGoogle;
let boss: PgBoss;
let dataDir: string;
let deps: FetchDeps;
const key = generateKey();
let routes: { accounts: typeof import("@/app/api/accounts/route"); account: typeof import("@/app/api/accounts/[id]/route"); stats: typeof import("@/app/api/accounts/[id]/stats/route") };

before(async () => {
  [tdb, dovecot, google, dataDir] = await Promise.all([
    createTestDatabase(),
    startDovecot({ users: [{ name: "billing", password: "imap-pass" }] }),
    startFakeGoogle(),
    mkdtemp(path.join(os.tmpdir(), "mailroom-error-code-")),
  ]);
  useWebEnv(tdb.url, { ENCRYPTION_KEY: key, AUTH_SECRET: "test-secret-test-secret", DATA_DIR: dataDir, ...googleEnv(google, "http://mailroom.test") });
  routes = {
    accounts: await import("@/app/api/accounts/route"),
    account: await import("@/app/api/accounts/[id]/route"),
    stats: await import("@/app/api/accounts/[id]/stats/route"),
  };
  boss = new PgBoss({ connectionString: tdb.url, schema: BOSS_SCHEMA, supervise: false, schedule: false });
  boss.on("error", () => {});
  await boss.start();
  deps = { db: tdb.db, boss, storage: createStorage({ dataDir }), keyring: parseKeyring(key), log: logger };
});

after(async () => {
  await boss.stop({ graceful: false, close: true });
  await google.close();
  await dovecot.dispose();
  await tdb.drop();
  await rm(dataDir, { recursive: true, force: true });
});

/** A person who reads Hebrew. */
async function hebrewReader() {
  const who = await makeUser(tdb.db);
  await tdb.sql`update users set locale = 'he' where id = ${who.user.id}`;
  return who;
}

const fetchOnce = async (companyId: string, id: string) => fetchAccount(deps, await getAccount(tdb.db, companyId, id), { batchSize: 100, maxAttachmentBytes: 25 * 1024 * 1024 });
const inHebrew = (code: string) => createTranslator({ locale: "he", messages: MESSAGES.he, namespace: "accounts.errors" })(code as never);

test("a wrong IMAP password is stored as the code login, answered by the account API, and reads as a Hebrew sentence", async () => {
  const { token, companyId } = await hebrewReader();
  const res = await call(routes.accounts.POST, { method: "POST", token, body: { email: "billing@acme.test", host: dovecot.host, port: dovecot.port, security: "none", username: "billing", password: "wrong-pass" } });
  assert.equal(res.status, 201, res.text);
  const id = (res.json as { id: string }).id;
  assert.equal((await fetchOnce(companyId, id)).ok, false);

  const account = (await call(routes.account.GET, { token, params: { id } })).json;
  assert.equal(account.status, "auth_error");
  assert.equal(account.last_error_code, "login");
  assert.match(account.last_error, /username or password/, "the English record stays as detail");
  assert.equal((await call(routes.stats.GET, { token, params: { id } })).json.last_error_code, "login");
  assert.equal(inHebrew(account.last_error_code), MESSAGES.he.accounts.errors.login);
  assert.match(inHebrew(account.last_error_code), /סיסמה/);

  // The right password, and a fetch that works, clear the code with the error.
  assert.equal((await call(routes.account.PATCH, { method: "PATCH", token, params: { id }, body: { password: "imap-pass" } })).status, 200);
  assert.equal((await fetchOnce(companyId, id)).ok, true);
  const fixed = (await call(routes.account.GET, { token, params: { id } })).json;
  assert.deepEqual([fixed.status, fixed.last_error, fixed.last_error_code], ["ok", null, null]);
});

test("a revoked Gmail grant is stored as gmail_reconnect and reads as the Hebrew sentence asking to reconnect", async () => {
  const { token, companyId } = await hebrewReader();
  const email = "revoked@gmail.test";
  const a = await makeGmailAccount(tdb.db, parseKeyring(key), companyId, { email, refreshToken: google.mintRefreshToken(email) });
  google.revoke(a.refreshToken);
  assert.equal((await fetchOnce(companyId, a.id)).ok, false);

  const account = (await call(routes.account.GET, { token, params: { id: a.id } })).json;
  assert.equal(account.status, "needs_reconnect");
  assert.equal(account.last_error_code, "gmail_reconnect");
  assert.equal(inHebrew(account.last_error_code), MESSAGES.he.accounts.errors.gmail_reconnect);
  assert.match(inHebrew(account.last_error_code), /לחבר אותה מחדש/);
});

test("the list of accounts carries each account's code", async () => {
  const { token, companyId } = await hebrewReader();
  const email = "listed@gmail.test";
  const a = await makeGmailAccount(tdb.db, parseKeyring(key), companyId, { email, refreshToken: google.mintRefreshToken(email) });
  google.failNext(email, { status: 503, retryAfterSeconds: 1 });
  assert.equal((await fetchOnce(companyId, a.id)).ok, false);
  const list = (await call(routes.accounts.GET, { token })).json as { items: { id: string; last_error_code: string | null }[] };
  assert.equal(list.items.find((i) => i.id === a.id)?.last_error_code, "gmail_unavailable");
});
