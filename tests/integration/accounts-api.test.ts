import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { eq } from "drizzle-orm";
import { generateKey } from "@/lib/crypto/secrets";
import { mailAccounts } from "@/lib/db/schema/accounts";
import { freePort } from "@/lib/boot/embedded-postgres";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { makeUser } from "../support/factories";
import { call, useWebEnv } from "../support/web";

let tdb: TestDatabase;
let routes: {
  accounts: typeof import("@/app/api/accounts/route");
  account: typeof import("@/app/api/accounts/[id]/route");
  test: typeof import("@/app/api/accounts/[id]/test/route");
  fetch: typeof import("@/app/api/accounts/[id]/fetch/route");
  stats: typeof import("@/app/api/accounts/[id]/stats/route");
  users: typeof import("@/app/api/users/route");
  documents: typeof import("@/app/api/documents/route");
};

before(async () => {
  tdb = await createTestDatabase();
  useWebEnv(tdb.url, { ENCRYPTION_KEY: generateKey(), AUTH_SECRET: "test-secret-test-secret" });
  routes = {
    accounts: await import("@/app/api/accounts/route"),
    account: await import("@/app/api/accounts/[id]/route"),
    test: await import("@/app/api/accounts/[id]/test/route"),
    fetch: await import("@/app/api/accounts/[id]/fetch/route"),
    stats: await import("@/app/api/accounts/[id]/stats/route"),
    users: await import("@/app/api/users/route"),
    documents: await import("@/app/api/documents/route"),
  };
});

after(async () => {
  const { services } = await import("@/lib/web/services");
  await (await services().boss()).stop({ graceful: false, close: true });
  await tdb.drop();
});

const newAccount = (port: number) => ({ email: "billing@acme.test", host: "127.0.0.1", port, security: "none", password: "s3cret-pass", folders: "INBOX, Invoices" });

describe("accounts API", () => {
  test("creating an account stores the password encrypted and never returns it", async () => {
    const { token } = await makeUser(tdb.db);
    const res = await call(routes.accounts.POST, { method: "POST", token, body: newAccount(143) });
    assert.equal(res.status, 201, res.text);
    assert.equal(res.json.email, "billing@acme.test");
    assert.deepEqual(res.json.folders, ["INBOX", "Invoices"]);
    assert.equal(res.json.status, "unchecked");
    assert.equal(res.json.fetch_interval, 300);
    assert.ok(!res.text.includes("s3cret-pass"));
    assert.equal("password" in res.json, false);
    const [row] = await tdb.db.select().from(mailAccounts).where(eq(mailAccounts.id, res.json.id));
    assert.ok(row.secretEnc && !row.secretEnc.includes("s3cret"));

    const list = await call(routes.accounts.GET, { token });
    assert.equal(list.json.items.length, 1);
    assert.ok(!list.text.includes("s3cret-pass"));
  });

  test("invalid input answers 422 naming the field", async () => {
    const { token } = await makeUser(tdb.db);
    const res = await call(routes.accounts.POST, { method: "POST", token, body: { ...newAccount(99999), host: "bad host!" } });
    assert.equal(res.status, 422);
    assert.equal(res.json.error.code, "validation_failed");
    assert.match(res.json.error.message, /port/);
    assert.match(res.json.error.message, /host/);
  });

  test("another company's account answers 404 everywhere", async () => {
    const a = await makeUser(tdb.db);
    const b = await makeUser(tdb.db);
    const created = await call(routes.accounts.POST, { method: "POST", token: a.token, body: newAccount(143) });
    const params = { id: created.json.id };
    for (const [handler, method] of [
      [routes.account.GET, "GET"],
      [routes.account.PATCH, "PATCH"],
      [routes.account.DELETE, "DELETE"],
      [routes.test.POST, "POST"],
      [routes.fetch.POST, "POST"],
      [routes.stats.GET, "GET"],
    ] as const) {
      const res = await call(handler, { method, token: b.token, params, body: method === "PATCH" ? { fetch_interval: 600 } : undefined });
      assert.equal(res.status, 404, `${method} answered ${res.status}`);
      assert.equal(res.json.error.code, "accounts.not_found");
    }
    assert.equal((await call(routes.accounts.GET, { token: b.token })).json.items.length, 0);
    assert.equal((await call(routes.account.GET, { token: a.token, params })).status, 200, "the owner still sees it");
  });

  test("no token or a wrong token answers 401; members cannot add users", async () => {
    assert.equal((await call(routes.accounts.GET, { token: "mr_wrong" })).status, 401);
    const member = await makeUser(tdb.db, { role: "member" });
    const res = await call(routes.users.POST, { method: "POST", token: member.token, body: { email: "x@y.test", password: "long enough pw" } });
    assert.equal(res.status, 403);
  });

  test("test connection says the connection was refused", async () => {
    const { token } = await makeUser(tdb.db);
    const port = await freePort();
    const created = await call(routes.accounts.POST, { method: "POST", token, body: newAccount(port) });
    const res = await call(routes.test.POST, { method: "POST", token, params: { id: created.json.id } });
    assert.equal(res.status, 200);
    assert.equal(res.json.ok, false);
    assert.equal(res.json.kind, "refused");
    assert.match(res.json.message, /refused/);
  });

  test("test connection names an unknown host", async () => {
    const { token } = await makeUser(tdb.db);
    const created = await call(routes.accounts.POST, { method: "POST", token, body: { ...newAccount(993), host: "no-such-host.invalid" } });
    const res = await call(routes.test.POST, { method: "POST", token, params: { id: created.json.id } });
    assert.equal(res.json.kind, "dns");
    assert.match(res.json.message, /Cannot resolve host "no-such-host.invalid"/);
  });

  test("update keeps the password unless a new one is sent; fetch now queues one job per account", async () => {
    const { token } = await makeUser(tdb.db);
    const created = await call(routes.accounts.POST, { method: "POST", token, body: newAccount(143) });
    const params = { id: created.json.id };
    const [before] = await tdb.db.select().from(mailAccounts).where(eq(mailAccounts.id, params.id));
    const patched = await call(routes.account.PATCH, { method: "PATCH", token, params, body: { fetch_interval: 900, post_action: "flag" } });
    assert.equal(patched.status, 200, patched.text);
    assert.equal(patched.json.fetch_interval, 900);
    const [afterRow] = await tdb.db.select().from(mailAccounts).where(eq(mailAccounts.id, params.id));
    assert.equal(afterRow.secretEnc, before.secretEnc);
    const first = await call(routes.fetch.POST, { method: "POST", token, params });
    assert.equal(first.status, 202);
    assert.ok(first.json.job_id);
    const second = await call(routes.fetch.POST, { method: "POST", token, params });
    assert.equal(second.json.already_queued, true);
  });

  test("documents list is empty and paginates with a cursor field", async () => {
    const { token } = await makeUser(tdb.db);
    const res = await call(routes.documents.GET, { token, path: "/api/documents?limit=10" });
    assert.equal(res.status, 200);
    assert.deepEqual(res.json, { items: [], next_cursor: null });
    assert.equal((await call(routes.documents.GET, { token, path: "/api/documents?cursor=zzz" })).status, 400);
  });
});
