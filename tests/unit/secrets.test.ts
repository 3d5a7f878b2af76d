import { test } from "node:test";
import assert from "node:assert/strict";
import { createCipheriv, randomBytes } from "node:crypto";
import { decryptSecret, encryptSecret, generateKey, needsRotation, parseKeyring, secretContext } from "@/lib/crypto/secrets";

const rowA = secretContext("mail_accounts", "secret_enc", "a");
const rowB = secretContext("mail_accounts", "secret_enc", "b");

test("a secret round-trips and the envelope does not contain it", () => {
  const ring = parseKeyring(generateKey());
  const env = encryptSecret(ring, "hunter2-פסוורד", rowA);
  assert.ok(!env.includes("hunter2"));
  assert.equal(decryptSecret(ring, env, rowA), "hunter2-פסוורד");
  assert.notEqual(encryptSecret(ring, "x", rowA), encryptSecret(ring, "x", rowA), "a fresh IV every time");
});

test("a secret is bound to its row: pasted into another row it does not open", () => {
  const ring = parseKeyring(generateKey());
  const env = encryptSecret(ring, "secret", rowA);
  assert.throws(() => decryptSecret(ring, env, rowB), /altered or belongs to another record/);
});

test("rotation: an old key still decrypts, the new key encrypts", () => {
  const oldKey = generateKey();
  const before = encryptSecret(parseKeyring(oldKey), "secret", rowA);
  const rotated = parseKeyring(`${generateKey()},${oldKey}`);
  assert.equal(decryptSecret(rotated, before, rowA), "secret");
  assert.equal(needsRotation(rotated, before), true);
  assert.equal(needsRotation(rotated, encryptSecret(rotated, "secret", rowA)), false);
});

test("a v1 envelope from before row binding still opens, and is marked for rotation", () => {
  const ring = parseKeyring(generateKey());
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", ring.primary.bytes, iv);
  const body = Buffer.concat([cipher.update("legacy", "utf8"), cipher.final()]);
  const v1 = ["v1", ring.primary.id, iv.toString("base64"), cipher.getAuthTag().toString("base64"), body.toString("base64")].join(":");
  assert.equal(decryptSecret(ring, v1, rowA), "legacy");
  assert.equal(needsRotation(ring, v1), true);
});

test("a tampered envelope or a missing key is refused", () => {
  const ring = parseKeyring(generateKey());
  const env = encryptSecret(ring, "secret", rowA).split(":");
  env[4] = Buffer.from("tampered").toString("base64");
  assert.throws(() => decryptSecret(ring, env.join(":"), rowA));
  assert.throws(() => decryptSecret(parseKeyring(generateKey()), encryptSecret(ring, "secret", rowA), rowA), /not in ENCRYPTION_KEY/);
});

test("keys must be 32 bytes, hex or base64", () => {
  assert.throws(() => parseKeyring("short"), /not 32 bytes/);
  assert.doesNotThrow(() => parseKeyring("ab".repeat(32)));
});
