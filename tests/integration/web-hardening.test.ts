import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { generateKey } from "@/lib/crypto/secrets";
import { workerHeartbeats } from "@/lib/db/schema/system";
import { workerAliveOn } from "@/lib/health";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { makeUser } from "../support/factories";
import { call, useWebEnv } from "../support/web";

let tdb: TestDatabase;
let routes: {
  tokens: typeof import("@/app/api/tokens/route");
  accounts: typeof import("@/app/api/accounts/route");
  setup: typeof import("@/app/api/setup/route");
  health: typeof import("@/app/api/health/route");
};

before(async () => {
  tdb = await createTestDatabase();
  useWebEnv(tdb.url, { ENCRYPTION_KEY: generateKey(), AUTH_SECRET: "test-secret-test-secret", PUBLIC_URL: "https://mailroom.example.test" });
  routes = {
    tokens: await import("@/app/api/tokens/route"),
    accounts: await import("@/app/api/accounts/route"),
    setup: await import("@/app/api/setup/route"),
    health: await import("@/app/api/health/route"),
  };
});

after(async () => {
  const { services } = await import("@/lib/web/services");
  await (await services().boss()).stop({ graceful: false, close: true });
  await tdb.drop();
});

const SESSION_COOKIE = { cookie: "next-auth.session-token=anything" };

describe("cross-site requests", () => {
  test("a cookie request that changes something from another site's page answers 403 auth.bad_origin", async () => {
    for (const method of ["POST", "PATCH", "PUT", "DELETE"]) {
      const res = await call(routes.tokens.POST, { method, body: { name: "x" }, headers: { ...SESSION_COOKIE, origin: "https://evil.example" } });
      assert.equal(res.status, 403, method);
      assert.equal(res.json.error.code, "auth.bad_origin");
    }
  });

  test("without Origin the Referer decides, and with neither a cookie request is refused", async () => {
    const referred = await call(routes.tokens.POST, { method: "POST", body: { name: "x" }, headers: { ...SESSION_COOKIE, referer: "https://evil.example/page" } });
    assert.equal(referred.json.error.code, "auth.bad_origin");
    const bare = await call(routes.tokens.POST, { method: "POST", body: { name: "x" }, headers: SESSION_COOKIE });
    assert.equal(bare.json.error.code, "auth.bad_origin");
    const opaque = await call(routes.tokens.POST, { method: "POST", body: { name: "x" }, headers: { ...SESSION_COOKIE, origin: "null" } });
    assert.equal(opaque.json.error.code, "auth.bad_origin");
    // The request's own host is not enough when PUBLIC_URL names the app.
    const ownHost = await call(routes.tokens.POST, { method: "POST", body: { name: "x" }, headers: { ...SESSION_COOKIE, origin: "http://localhost" } });
    assert.equal(ownHost.json.error.code, "auth.bad_origin");
  });

  test("a Bearer-token request is not affected by its Origin", async () => {
    const { token } = await makeUser(tdb.db);
    const res = await call(routes.tokens.POST, { method: "POST", token, body: { name: "from a script" }, headers: { origin: "https://elsewhere.example" } });
    assert.equal(res.status, 201);
  });

  test("reading with a cookie from another site is not refused for its origin (GET is safe)", async () => {
    // No session behind the cookie here, so it ends in 401 or a session lookup, never in bad_origin.
    const res = await call(routes.tokens.GET, { headers: { ...SESSION_COOKIE, origin: "https://evil.example" } }).catch(() => undefined);
    assert.notEqual(res?.json?.error?.code, "auth.bad_origin");
  });
});

describe("request bodies", () => {
  test("a JSON route answers 415 to a body sent as a form or as text", async () => {
    const { token } = await makeUser(tdb.db);
    for (const type of ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"]) {
      const res = await call(routes.tokens.POST, { method: "POST", token, rawBody: JSON.stringify({ name: "x" }), headers: { "content-type": type } });
      assert.equal(res.status, 415, type);
      assert.equal(res.json.error.code, "request.unsupported_media_type");
    }
    const missing = await call(routes.tokens.POST, { method: "POST", token, rawBody: JSON.stringify({ name: "x" }), headers: { "content-type": "" } });
    assert.equal(missing.status, 415);
    const withCharset = await call(routes.tokens.POST, { method: "POST", token, rawBody: JSON.stringify({ name: "x" }), headers: { "content-type": "application/json; charset=utf-8" } });
    assert.equal(withCharset.status, 201);
  });

  test("setup refuses a body over 64 KB with 413 even when it is streamed without Content-Length", async () => {
    const chunk = new TextEncoder().encode(" ".repeat(16 * 1024));
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        // 10 MB of whitespace: the cap must stop reading long before the end.
        if (sent++ < 640) controller.enqueue(chunk);
        else controller.close();
      },
    });
    const res = await call(routes.setup.POST, { method: "POST", rawBody: stream, headers: { "content-type": "application/json" } });
    assert.equal(res.status, 413);
    assert.equal(res.json.error.code, "request.too_large");
    assert.match(res.json.error.message, /64 KB/);
    assert.ok(sent < 10, `stopped reading after ${sent} chunks`);
  });

  test("sign-in, open to anyone, refuses a streamed body over 64 KB before next-auth parses it", async () => {
    const nextauth = await import("@/app/api/auth/[...nextauth]/route");
    const chunk = new TextEncoder().encode("password=" + "x".repeat(16 * 1024));
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent++ < 640) controller.enqueue(chunk);
        else controller.close();
      },
    });
    const res = await call(nextauth.POST as never, {
      method: "POST",
      path: "/api/auth/callback/credentials",
      rawBody: stream,
      headers: { "content-type": "application/x-www-form-urlencoded" },
      params: { nextauth: ["callback", "credentials"] } as never,
    });
    assert.equal(res.status, 413);
    assert.equal(res.json.error.code, "request.too_large");
    assert.ok(sent < 10, `stopped reading after ${sent} chunks`);
  });

  test("setup refuses a declared Content-Length over 64 KB before reading", async () => {
    const res = await call(routes.setup.POST, { method: "POST", rawBody: "{}", headers: { "content-type": "application/json", "content-length": String(65 * 1024) } });
    assert.equal(res.status, 413);
  });

  test("an authenticated JSON body over 1 MB answers 413", async () => {
    const { token } = await makeUser(tdb.db);
    const res = await call(routes.tokens.POST, { method: "POST", token, body: { name: "x".repeat(1024 * 1024) } });
    assert.equal(res.status, 413);
  });
});

describe("health", () => {
  test("anyone sees status, db and queue only; an admin token also sees workers and problems", async () => {
    await tdb.db.insert(workerHeartbeats).values({ id: "box-7-1234-abcd", hostname: "box-7", pid: "1234" });
    const open = await call(routes.health.GET, {});
    assert.deepEqual(Object.keys(open.json).sort(), ["db", "queue", "status", "worker"]);
    assert.doesNotMatch(open.text, /box-7/);

    const member = await makeUser(tdb.db, { role: "member" });
    const asMember = await call(routes.health.GET, { token: member.token });
    assert.deepEqual(Object.keys(asMember.json).sort(), ["db", "queue", "status", "worker"]);

    const admin = await makeUser(tdb.db);
    const asAdmin = await call(routes.health.GET, { token: admin.token });
    assert.deepEqual(asAdmin.json.workers.map((w: { id: string }) => w.id), ["box-7-1234-abcd"]);
    assert.ok(Array.isArray(asAdmin.json.problems));
    assert.equal(asAdmin.status, open.status);
  });

  test("a worker counts as alive on its host only while its heartbeat is fresh", async () => {
    await tdb.db.insert(workerHeartbeats).values({ id: "fresh", hostname: "host-fresh", pid: "1" });
    await tdb.db.insert(workerHeartbeats).values({ id: "stale", hostname: "host-stale", pid: "2", lastSeen: new Date(Date.now() - 5 * 60_000) });
    assert.equal(await workerAliveOn(tdb.db, "host-fresh"), true);
    assert.equal(await workerAliveOn(tdb.db, "host-stale"), false);
    assert.equal(await workerAliveOn(tdb.db, "host-none"), false);
  });
});
