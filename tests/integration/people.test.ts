import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { generateKey } from "@/lib/crypto/secrets";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { makeUser } from "../support/factories";
import { authorize, callerOfCookie, signInCookie } from "../support/sessions";
import { call, useWebEnv } from "../support/web";

const PASSWORD = "correct horse battery";

let tdb: TestDatabase;
let routes: {
  user: typeof import("@/app/api/users/[id]/route");
  password: typeof import("@/app/api/me/password/route");
  stats: typeof import("@/app/api/stats/route");
  categories: typeof import("@/app/api/categories/route");
};

before(async () => {
  tdb = await createTestDatabase();
  useWebEnv(tdb.url, { ENCRYPTION_KEY: generateKey(), AUTH_SECRET: "test-secret-test-secret" });
  routes = {
    user: await import("@/app/api/users/[id]/route"),
    password: await import("@/app/api/me/password/route"),
    stats: await import("@/app/api/stats/route"),
    categories: await import("@/app/api/categories/route"),
  };
});
after(() => tdb.drop());

const patchUser = (token: string, id: string, body: unknown) => call(routes.user.PATCH, { method: "PATCH", token, params: { id }, body });
const deleteUser = (token: string, id: string) => call(routes.user.DELETE, { method: "DELETE", token, params: { id } });
const stats = (token: string) => call(routes.stats.GET, { token });

async function team() {
  const company = `People ${Math.random()}`;
  const admin = await makeUser(tdb.db, { company, role: "admin" });
  const member = await makeUser(tdb.db, { company, role: "member" });
  return { admin, member };
}

describe("people", () => {
  test("disabling a person ends their sessions and tokens at once; enabling them does not bring either back", async () => {
    const { admin, member } = await team();
    const cookie = await signInCookie(member.user.email, PASSWORD);
    assert.equal((await callerOfCookie(tdb.db, cookie))?.userId, member.user.id);
    assert.equal((await stats(member.token)).status, 200);

    const disabled = await patchUser(admin.token, member.user.id, { disabled: true });
    assert.equal(disabled.status, 200, disabled.text);
    assert.equal(disabled.json.disabled, true);
    assert.equal(await callerOfCookie(tdb.db, cookie), null, "the session ends");
    assert.equal((await stats(member.token)).status, 401, "the token stops working");
    assert.equal((await tdb.sql`select count(*)::int as n from api_tokens where user_id = ${member.user.id}`)[0].n, 0, "their tokens are deleted");
    await assert.rejects(authorize(member.user.email, PASSWORD), /This account is disabled: ask an admin/);
    assert.equal(await authorize(member.user.email, "wrong password"), null, "a wrong password learns nothing about the account");

    const enabled = await patchUser(admin.token, member.user.id, { disabled: false });
    assert.equal(enabled.json.disabled, false);
    assert.equal(await callerOfCookie(tdb.db, cookie), null, "the old session stays ended");
    assert.equal((await stats(member.token)).status, 401, "the old token stays gone");
    assert.equal((await callerOfCookie(tdb.db, await signInCookie(member.user.email, PASSWORD)))?.userId, member.user.id, "they can sign in again");
  });

  test("a person's new role applies to their very next request", async () => {
    const { admin, member } = await team();
    const create = (name: string) => call(routes.categories.POST, { method: "POST", token: member.token, body: { name } });
    assert.equal((await create("Travel")).status, 403);
    const promoted = await patchUser(admin.token, member.user.id, { role: "admin" });
    assert.equal(promoted.status, 200, promoted.text);
    assert.equal(promoted.json.role, "admin");
    assert.equal((await create("Travel")).status, 201);
    assert.equal((await patchUser(admin.token, member.user.id, { role: "owner" })).status, 422);
  });

  test("removing a person ends their session, deletes their tokens, and they cannot sign in", async () => {
    const { admin, member } = await team();
    const cookie = await signInCookie(member.user.email, PASSWORD);
    const removed = await deleteUser(admin.token, member.user.id);
    assert.equal(removed.status, 200, removed.text);
    assert.equal(await callerOfCookie(tdb.db, cookie), null);
    assert.equal((await stats(member.token)).status, 401);
    assert.equal(await authorize(member.user.email, PASSWORD), null);
    assert.equal((await deleteUser(admin.token, member.user.id)).status, 404);
  });

  test("another company's people and malformed ids answer 404", async () => {
    const { admin } = await team();
    const stranger = await makeUser(tdb.db);
    for (const id of [stranger.user.id, "not-a-uuid"]) {
      assert.equal((await patchUser(admin.token, id, { role: "member" })).status, 404);
      assert.equal((await deleteUser(admin.token, id)).status, 404);
    }
    assert.equal((await stats(stranger.token)).status, 200, "the stranger is untouched");
  });

  test("the company always keeps an active admin: demoting, disabling or removing the last one answers 409", async () => {
    const { admin, member } = await team();
    for (const res of [await patchUser(admin.token, admin.user.id, { role: "member" }), await patchUser(admin.token, admin.user.id, { disabled: true }), await deleteUser(admin.token, admin.user.id)]) {
      assert.equal(res.status, 409, res.text);
      assert.equal(res.json.error.code, "users.last_admin");
      assert.match(res.json.error.message, /only active admin/);
    }
    // A disabled admin does not count as one.
    await patchUser(admin.token, member.user.id, { role: "admin" });
    await patchUser(admin.token, member.user.id, { disabled: true });
    assert.equal((await patchUser(admin.token, admin.user.id, { role: "member" })).status, 409);
    await patchUser(admin.token, member.user.id, { disabled: false });
    assert.equal((await patchUser(admin.token, admin.user.id, { role: "member" })).status, 200, "with another active admin, the first may step down");
  });

  test("two admins demoting each other at the same moment leave exactly one admin", async () => {
    const company = `Race ${Math.random()}`;
    const a = await makeUser(tdb.db, { company, role: "admin" });
    const b = await makeUser(tdb.db, { company, role: "admin" });
    const results = await Promise.all([patchUser(a.token, b.user.id, { role: "member" }), patchUser(b.token, a.user.id, { role: "member" })]);
    assert.deepEqual(results.map((r) => r.status).sort(), [200, 409]);
    const [{ n }] = await tdb.sql`select count(*)::int as n from users where company_id = ${a.companyId} and role = 'admin' and disabled_at is null`;
    assert.equal(n, 1);
  });

  test("anyone changes their own password: other sessions end, the old password stops working, tokens keep working", async () => {
    const { member } = await team();
    const cookie = await signInCookie(member.user.email, PASSWORD);
    const change = (body: unknown) => call(routes.password.POST, { method: "POST", token: member.token, body });

    const wrong = await change({ current_password: "not my password", new_password: "a brand new passphrase" });
    assert.equal(wrong.status, 422);
    assert.deepEqual(wrong.json.error.fields, [{ path: "current_password", message: "is not your current password" }]);
    const short = await change({ current_password: PASSWORD, new_password: "short" });
    assert.equal(short.status, 422);
    assert.equal(short.json.error.fields[0].path, "new_password");
    assert.equal((await callerOfCookie(tdb.db, cookie))?.userId, member.user.id, "a refused change ends nothing");

    const ok = await change({ current_password: PASSWORD, new_password: "a brand new passphrase" });
    assert.equal(ok.status, 200, ok.text);
    assert.equal(await callerOfCookie(tdb.db, cookie), null, "the session from before the change ends");
    assert.equal(await authorize(member.user.email, PASSWORD), null);
    const fresh = await signInCookie(member.user.email, "a brand new passphrase");
    assert.equal((await callerOfCookie(tdb.db, fresh))?.userId, member.user.id);
    assert.equal((await stats(member.token)).status, 200, "API tokens are separate credentials and keep working");
  });
});
