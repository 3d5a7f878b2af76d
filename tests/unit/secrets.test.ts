import { test } from "node:test";
import assert from "node:assert/strict";
import { decryptSecret, encryptSecret, generateKey, needsRotation, parseKeyring } from "@/lib/crypto/secrets";

test("a secret round-trips and the envelope does not contain it", () => {
  const ring = parseKeyring(generateKey());
  const env = encryptSecret(ring, "hunter2-פסוורד");
  assert.ok(!env.includes("hunter2"));
  assert.equal(decryptSecret(ring, env), "hunter2-פסוורד");
  assert.notEqual(encryptSecret(ring, "x"), encryptSecret(ring, "x"), "a fresh IV every time");
});

test("rotation: an old key still decrypts, the new key encrypts", () => {
  const oldKey = generateKey();
  const before = encryptSecret(parseKeyring(oldKey), "secret");
  const rotated = parseKeyring(`${generateKey()},${oldKey}`);
  assert.equal(decryptSecret(rotated, before), "secret");
  assert.equal(needsRotation(rotated, before), true);
  assert.equal(needsRotation(rotated, encryptSecret(rotated, "secret")), false);
});

test("a tampered envelope or a missing key is refused", () => {
  const ring = parseKeyring(generateKey());
  const env = encryptSecret(ring, "secret").split(":");
  env[4] = Buffer.from("tampered").toString("base64");
  assert.throws(() => decryptSecret(ring, env.join(":")));
  assert.throws(() => decryptSecret(parseKeyring(generateKey()), encryptSecret(ring, "secret")), /not in ENCRYPTION_KEY/);
});

test("keys must be 32 bytes, hex or base64", () => {
  assert.throws(() => parseKeyring("short"), /not 32 bytes/);
  assert.doesNotThrow(() => parseKeyring("ab".repeat(32)));
});
