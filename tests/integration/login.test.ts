import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import bcrypt from "bcryptjs";
import { setEnv } from "@/lib/env";
import { generateKey } from "@/lib/crypto/secrets";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { makeUser } from "../support/factories";
import { authorize } from "../support/sessions";
import { useWebEnv } from "../support/web";

const PASSWORD = "correct horse battery";
const WAIT = /Too many failed sign-ins; try again in 15 minutes$/;

let tdb: TestDatabase;
before(async () => {
  tdb = await createTestDatabase();
  useWebEnv(tdb.url, { ENCRYPTION_KEY: generateKey(), AUTH_SECRET: "test-secret-test-secret", TRUST_PROXY: "" });
});
after(() => tdb.drop());

async function fail(email: string, times: number, headers: Record<string, string> = {}) {
  for (let i = 0; i < times; i++) assert.equal(await authorize(email, `wrong guess ${i}`, headers), null);
}

describe("sign-in", () => {
  test("after 10 failed sign-ins for an email the 11th is refused with a wait, even with the right password", async () => {
    const { user } = await makeUser(tdb.db);
    const other = await makeUser(tdb.db);
    await fail(user.email, 10);
    await assert.rejects(authorize(user.email, PASSWORD), WAIT);
    await assert.rejects(authorize(user.email.toUpperCase(), PASSWORD), WAIT, "the email's case does not make a new key");
    assert.ok(await authorize(other.user.email, PASSWORD), "another email is not held up");
  });

  test("a successful sign-in forgets the email's failures", async () => {
    const { user } = await makeUser(tdb.db);
    await fail(user.email, 9);
    assert.ok(await authorize(user.email, PASSWORD));
    await fail(user.email, 9);
    assert.ok(await authorize(user.email, PASSWORD), "18 failures in the window, but never 10 since the last success");
  });

  test("a burst of concurrent wrong guesses cannot slip past the count", async () => {
    const { user } = await makeUser(tdb.db);
    const results = await Promise.allSettled(Array.from({ length: 14 }, (_, i) => authorize(user.email, `guess ${i}`)));
    assert.equal(results.filter((r) => r.status === "fulfilled").length, 10, "only 10 guesses were checked");
    assert.ok(results.filter((r) => r.status === "rejected").every((r) => WAIT.test((r as PromiseRejectedResult).reason.message)));
    await assert.rejects(authorize(user.email, PASSWORD), WAIT);
  });

  test("behind a trusted proxy, failures also count per client address, the one the proxy saw", async () => {
    setEnv({ TRUST_PROXY: "true" });
    try {
      const { user } = await makeUser(tdb.db);
      const from = (address: string, claimed = "198.51.100.1") => ({ "x-forwarded-for": `${claimed}, ${address}` });
      for (let i = 0; i < 10; i++) assert.equal(await authorize(`nobody-${i}@example.test`, "guess", from("203.0.113.7", `198.51.100.${i}`)), null);
      await assert.rejects(authorize(user.email, PASSWORD, from("203.0.113.7")), WAIT, "the address is held up, whatever the client claims before the proxy's entry");
      assert.ok(await authorize(user.email, PASSWORD, from("203.0.113.8")), "another address is not");
    } finally {
      setEnv({ TRUST_PROXY: "" });
    }
  });

  test("without TRUST_PROXY a client's own X-Forwarded-For is not believed, so it cannot lock out an address", async () => {
    const { user } = await makeUser(tdb.db);
    const forged = { "x-forwarded-for": "203.0.113.50" };
    for (let i = 0; i < 10; i++) assert.equal(await authorize(`someone-${i}@example.test`, "guess", forged), null);
    assert.ok(await authorize(user.email, PASSWORD, forged));
  });

  test("a bcrypt hash from before argon2 still signs in, and is replaced by argon2id", async () => {
    const { user } = await makeUser(tdb.db);
    const legacy = await bcrypt.hash(PASSWORD, 4);
    await tdb.sql`update users set password_hash = ${legacy} where id = ${user.id}`;
    assert.equal(await authorize(user.email, "wrong password"), null);
    assert.ok(await authorize(user.email, PASSWORD));
    const [{ password_hash }] = await tdb.sql`select password_hash from users where id = ${user.id}`;
    assert.match(password_hash, /^\$argon2id\$/);
    assert.ok(await authorize(user.email, PASSWORD), "the new hash verifies");
  });

  test("a password longer than the limit is a wrong password, not a long hash", async () => {
    const { user } = await makeUser(tdb.db);
    assert.equal(await authorize(user.email, PASSWORD + "x".repeat(2000)), null);
  });
});
