import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import net from "node:net";
import { spawnSync } from "node:child_process";
import path from "node:path";
import { eq } from "drizzle-orm";
import { createCipheriv, randomBytes } from "node:crypto";
import { decryptSecret, encryptSecret, generateKey, parseKeyring, type Keyring } from "@/lib/crypto/secrets";
import { mailAccounts } from "@/lib/db/schema/accounts";
import { accountSecretContext } from "@/lib/accounts/service";
import { connectImap } from "@/lib/mail/imap";
import { resolveOutbound } from "@/lib/net/outbound";
import { freePort } from "@/lib/boot/embedded-postgres";
import { setEnv } from "@/lib/env";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { startDovecot, type Dovecot } from "../support/dovecot";
import { makeUser } from "../support/factories";
import { call, useWebEnv } from "../support/web";

const root = path.resolve(__dirname, "../..");
const key = generateKey();
let tdb: TestDatabase;
let dovecot: Dovecot;
let routes: {
  accounts: typeof import("@/app/api/accounts/route");
  account: typeof import("@/app/api/accounts/[id]/route");
  test: typeof import("@/app/api/accounts/[id]/test/route");
};

before(async () => {
  tdb = await createTestDatabase();
  useWebEnv(tdb.url, { ENCRYPTION_KEY: key, AUTH_SECRET: "test-secret-test-secret" });
  dovecot = await startDovecot({ users: [{ name: "billing@acme.test", password: "right-password" }] });
  routes = {
    accounts: await import("@/app/api/accounts/route"),
    account: await import("@/app/api/accounts/[id]/route"),
    test: await import("@/app/api/accounts/[id]/test/route"),
  };
});

after(async () => {
  await dovecot?.dispose();
  await tdb.drop();
});

const imapAccount = () => ({ email: "billing@acme.test", host: dovecot.host, port: dovecot.port, security: "none", password: "right-password" });

async function createAccount(token: string, body: Record<string, unknown> = imapAccount()) {
  const res = await call(routes.accounts.POST, { method: "POST", token, body });
  assert.equal(res.status, 201, res.text);
  return res.json as { id: string };
}

const secretOf = async (id: string) => (await tdb.db.select().from(mailAccounts).where(eq(mailAccounts.id, id)))[0].secretEnc;

describe("the stored password goes nowhere new", () => {
  for (const [field, value] of [
    ["host", "imap.attacker.test"],
    ["port", 10143],
    ["security", "tls"],
    ["username", "someone-else"],
  ] as const) {
    test(`changing ${field} without the password answers 422 naming password and changes nothing`, async () => {
      const { token } = await makeUser(tdb.db);
      const { id } = await createAccount(token);
      const before = (await tdb.db.select().from(mailAccounts).where(eq(mailAccounts.id, id)))[0];
      const res = await call(routes.account.PATCH, { method: "PATCH", token, params: { id }, body: { [field]: value } });
      assert.equal(res.status, 422, res.text);
      assert.deepEqual(res.json.error.fields.map((f: { path: string }) => f.path), ["password"]);
      const afterRow = (await tdb.db.select().from(mailAccounts).where(eq(mailAccounts.id, id)))[0];
      assert.deepEqual(afterRow, before);
    });
  }

  test("the same destination, or a new one with its password, is accepted", async () => {
    const { token } = await makeUser(tdb.db);
    const { id } = await createAccount(token);
    const same = await call(routes.account.PATCH, { method: "PATCH", token, params: { id }, body: { host: dovecot.host, port: dovecot.port, fetch_interval: 600 } });
    assert.equal(same.status, 200, same.text);
    const moved = await call(routes.account.PATCH, { method: "PATCH", token, params: { id }, body: { host: "localhost", password: "right-password" } });
    assert.equal(moved.status, 200, moved.text);
    assert.equal(moved.json.host, "localhost");
  });
});

describe("outbound connections go through one check", () => {
  test("link-local and metadata destinations are refused before any connection, in Mailroom's words", async () => {
    const { token } = await makeUser(tdb.db);
    for (const host of ["169.254.169.254", "metadata.google.internal", "::ffff:169.254.169.254", "[fe80::1]"]) {
      const { id } = await createAccount(token, { ...imapAccount(), host });
      const res = await call(routes.test.POST, { method: "POST", token, params: { id } });
      assert.equal(res.json.ok, false, host);
      assert.equal(res.json.kind, "blocked", `${host}: ${res.json.message}`);
      assert.match(res.json.message, /never allowed|metadata/);
    }
  });

  test("a name is judged by every address it resolves to, and the checked address is the one dialled", async () => {
    const policy = { blockPrivate: false };
    await assert.rejects(
      resolveOutbound("imap.rebind.test", policy, async () => [
        { address: "127.0.0.1", family: 4 },
        { address: "169.254.169.254", family: 4 },
      ]),
      /imap.rebind.test \(169.254.169.254\).*never allowed/,
    );
    // A name only this lookup knows reaches the real server: the connection uses the resolved address, with the name kept for TLS.
    const client = await connectImap(
      { host: "imap.only-in-this-test.example", port: dovecot.port, security: "none", username: "billing@acme.test", password: "right-password" },
      { policy, lookup: async () => [{ address: dovecot.host, family: 4 }] },
    );
    assert.equal(client.usable, true);
    await client.logout();
  });

  test("OUTBOUND_BLOCK_PRIVATE refuses loopback by resolved address, not only by name", async () => {
    const { token } = await makeUser(tdb.db);
    const { id } = await createAccount(token, { ...imapAccount(), host: "localhost" });
    setEnv({ OUTBOUND_BLOCK_PRIVATE: "true" });
    try {
      const res = await call(routes.test.POST, { method: "POST", token, params: { id } });
      assert.equal(res.json.kind, "blocked");
      assert.match(res.json.message, /localhost \((127\.0\.0\.1|::1)\).*OUTBOUND_BLOCK_PRIVATE/);
    } finally {
      setEnv({ OUTBOUND_BLOCK_PRIVATE: "false" });
    }
    const allowed = await call(routes.test.POST, { method: "POST", token, params: { id } });
    assert.equal(allowed.json.ok, true, allowed.text);
  });

  test("a test connection never repeats what a server said", async () => {
    const { token } = await makeUser(tdb.db);
    // Another kind of service on the port: its banner must not come back to the caller.
    const banner = net.createServer((socket) => socket.end("-ERR internal-redis-7.2 requirepass=TOPSECRET\r\n"));
    await new Promise<void>((resolve) => banner.listen(0, "127.0.0.1", resolve));
    try {
      const port = (banner.address() as net.AddressInfo).port;
      const other = await createAccount(token, { ...imapAccount(), host: "127.0.0.1", port });
      const res = await call(routes.test.POST, { method: "POST", token, params: { id: other.id } });
      assert.equal(res.json.ok, false);
      assert.doesNotMatch(res.text, /redis|TOPSECRET|ERR/);
      assert.match(res.json.message, /127\.0\.0\.1:\d+/);
    } finally {
      banner.close();
    }
    const wrong = await createAccount(token, { ...imapAccount(), password: "wrong-password" });
    const res = await call(routes.test.POST, { method: "POST", token, params: { id: wrong.id } });
    assert.equal(res.json.kind, "login");
    assert.doesNotMatch(res.text, /AUTHENTICATIONFAILED|Authentication failed\./);
  });

  test("connection tests are rate-limited per company", async () => {
    const a = await makeUser(tdb.db);
    const b = await makeUser(tdb.db);
    const port = await freePort();
    const { id } = await createAccount(a.token, { ...imapAccount(), port });
    const statuses: number[] = [];
    for (let i = 0; i < 21; i++) statuses.push((await call(routes.test.POST, { method: "POST", token: a.token, params: { id } })).status);
    assert.deepEqual(statuses.slice(0, 20), Array(20).fill(200));
    const refused = await call(routes.test.POST, { method: "POST", token: a.token, params: { id } });
    assert.equal(refused.status, 429);
    assert.equal(refused.json.error.code, "accounts.test_rate_limited");
    assert.match(refused.json.error.message, /Try again in \d+ seconds/);
    const other = await createAccount(b.token, { ...imapAccount(), port });
    assert.equal((await call(routes.test.POST, { method: "POST", token: b.token, params: { id: other.id } })).status, 200, "another company has its own allowance");
  });
});

test("a company has at most MAX_ACCOUNTS_PER_COMPANY mailboxes, even when created at once", async () => {
  const { token } = await makeUser(tdb.db);
  setEnv({ MAX_ACCOUNTS_PER_COMPANY: "3" });
  try {
    const results = await Promise.all(Array.from({ length: 6 }, () => call(routes.accounts.POST, { method: "POST", token, body: imapAccount() })));
    assert.deepEqual(results.map((r) => r.status).sort(), [201, 201, 201, 409, 409, 409]);
    const refused = results.find((r) => r.status === 409)!;
    assert.equal(refused.json.error.code, "accounts.limit_reached");
    assert.match(refused.json.error.message, /at most 3 mailboxes/);
  } finally {
    setEnv({ MAX_ACCOUNTS_PER_COMPANY: "200" });
  }
});

describe("secrets at rest", () => {
  test("a secret pasted from another row does not open: the account asks for the password again", async () => {
    const { token } = await makeUser(tdb.db);
    const a = await createAccount(token);
    const b = await createAccount(token, { ...imapAccount(), password: "another-password" });
    await tdb.db.update(mailAccounts).set({ secretEnc: await secretOf(a.id) }).where(eq(mailAccounts.id, b.id));
    const res = await call(routes.test.POST, { method: "POST", token, params: { id: b.id } });
    assert.equal(res.json.ok, false);
    assert.equal(res.json.kind, "secret");
    assert.match(res.json.message, /enter the password again/);
    const [row] = await tdb.db.select().from(mailAccounts).where(eq(mailAccounts.id, b.id));
    assert.equal(row.status, "auth_error");
  });

  test("keys rotate re-encrypts every secret under the newest key, older formats included, and says how many", async () => {
    const db = await createTestDatabase();
    try {
      const { companyId } = await makeUser(db.db);
      const oldRing = parseKeyring(key);
      const ids: string[] = [];
      for (const password of ["first-password", "second-password"]) {
        const [row] = await db.db
          .insert(mailAccounts)
          .values({ companyId, email: "x@acme.test", host: "127.0.0.1", port: 143, security: "none", username: "x", secretEnc: "pending" })
          .returning();
        // The second is in the format from before secrets were bound to their row.
        const secretEnc = ids.length === 0 ? encryptSecret(oldRing, password, accountSecretContext(row.id)) : legacyEnvelope(oldRing, password);
        await db.db.update(mailAccounts).set({ secretEnc }).where(eq(mailAccounts.id, row.id));
        ids.push(row.id);
      }
      const newKey = generateKey();
      const run = () =>
        spawnSync(process.execPath, ["--import", "tsx", path.join(root, "scripts/cli.ts"), "keys", "rotate"], {
          cwd: root,
          encoding: "utf8",
          env: { ...process.env, DATABASE_URL: db.url, ENCRYPTION_KEY: `${newKey},${key}`, LOG_LEVEL: "silent" },
        });
      const first = run();
      assert.equal(first.status, 0, first.stderr);
      assert.match(first.stdout, /re-encrypted 2 of 2 stored secrets/);
      const newOnly = parseKeyring(newKey);
      const rows = await db.db.select().from(mailAccounts).where(eq(mailAccounts.companyId, companyId));
      assert.deepEqual(rows.map((r) => decryptSecret(newOnly, r.secretEnc!, accountSecretContext(r.id))).sort(), ["first-password", "second-password"]);
      const second = run();
      assert.match(second.stdout, /re-encrypted 0 of 2 stored secrets/);
    } finally {
      await db.drop();
    }
  });
});

function legacyEnvelope(ring: Keyring, plaintext: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", ring.primary.bytes, iv);
  const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return ["v1", ring.primary.id, iv.toString("base64"), cipher.getAuthTag().toString("base64"), body.toString("base64")].join(":");
}
