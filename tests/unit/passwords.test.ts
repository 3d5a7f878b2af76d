import { test } from "node:test";
import assert from "node:assert/strict";
import bcrypt from "bcryptjs";
import { hashPassword, needsRehash, verifyPassword } from "@/lib/auth/passwords";
import { createUserSchema } from "@/lib/auth/schemas";
import { clientAddress } from "@/lib/auth/login";

test("passwords are hashed with argon2id and verified", async () => {
  const hash = await hashPassword("correct horse battery");
  assert.match(hash, /^\$argon2id\$/);
  assert.equal(needsRehash(hash), false);
  assert.equal(await verifyPassword("correct horse battery", hash), true);
  assert.equal(await verifyPassword("correct horse batterz", hash), false);
});

test("every byte of a long password counts, past bcrypt's 72", async () => {
  const start = "ש".repeat(40); // 80 bytes in UTF-8
  const hash = await hashPassword(`${start}one`);
  assert.equal(await verifyPassword(`${start}one`, hash), true);
  assert.equal(await verifyPassword(`${start}two`, hash), false);
});

test("legacy bcrypt hashes still verify and are marked for rehashing", async () => {
  const legacy = await bcrypt.hash("old password", 4);
  assert.equal(await verifyPassword("old password", legacy), true);
  assert.equal(await verifyPassword("old passwore", legacy), false);
  assert.equal(needsRehash(legacy), true);
  assert.equal(await verifyPassword("anything", "not a hash"), false);
});

test("a new password may be up to 1024 characters, and a longer one is refused with a message", () => {
  const base = { email: "a@b.test", role: "member" };
  assert.equal(createUserSchema.safeParse({ ...base, password: "x".repeat(1024) }).success, true);
  const long = createUserSchema.safeParse({ ...base, password: "x".repeat(1025) });
  assert.equal(long.success, false);
  assert.equal(long.error?.issues[0].message, "must be at most 1024 characters");
});

test("the client address comes from X-Forwarded-For only when proxies are trusted, counted from the right", () => {
  const headers = { "x-forwarded-for": "10.0.0.1, 198.51.100.9, 203.0.113.4" };
  assert.equal(clientAddress(headers, 0), null, "without a proxy X-Forwarded-For is the client's claim, never believed");
  assert.equal(clientAddress({ ...headers, "x-mailroom-peer": "192.0.2.7" }, 0), "192.0.2.7", "the connection's own address");
  assert.equal(clientAddress({ "x-mailroom-peer": "::ffff:192.0.2.7" }, 0), "192.0.2.7");
  assert.equal(clientAddress(headers, 1), "203.0.113.4");
  assert.equal(clientAddress(headers, 2), "198.51.100.9");
  assert.equal(clientAddress(headers, 5), null, "fewer entries than proxies: nothing to believe");
  assert.equal(clientAddress({ "x-forwarded-for": "not-an-ip" }, 1), null);
  assert.equal(clientAddress({}, 1), null);
  assert.equal(clientAddress({ "x-forwarded-for": "2001:db8::1" }, 1), "2001:db8::1");
});
