import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";

export type Keyring = { primary: Key; keys: Map<string, Key> };
type Key = { id: string; bytes: Buffer };

/**
 * Reads ENCRYPTION_KEY: a comma-separated list of 32-byte keys (base64 or hex).
 * The first encrypts; all decrypt, so keys can be rotated by prepending a new one.
 */
export function parseKeyring(value: string): Keyring {
  const keys = value
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean)
    .map((text, i) => {
      const bytes = /^[0-9a-f]{64}$/i.test(text) ? Buffer.from(text, "hex") : Buffer.from(text, "base64");
      if (bytes.length !== 32) {
        throw new Error(`ENCRYPTION_KEY: key ${i + 1} is not 32 bytes (use \`openssl rand -base64 32\`)`);
      }
      return { id: createHash("sha256").update(bytes).digest("hex").slice(0, 8), bytes };
    });
  if (keys.length === 0) throw new Error("ENCRYPTION_KEY is empty");
  return { primary: keys[0], keys: new Map(keys.map((k) => [k.id, k])) };
}

export function generateKey(): string {
  return randomBytes(32).toString("base64");
}

/**
 * Where a secret lives, e.g. `mail_accounts.secret_enc:<id>`: sealed into the ciphertext as
 * associated data, so one row's secret pasted into another row fails to decrypt.
 */
export function secretContext(table: string, column: string, rowId: string): string {
  return `${table}.${column}:${rowId}`;
}

/** AES-256-GCM bound to its context; the output names the key it used so rotation can find it. */
export function encryptSecret(ring: Keyring, plaintext: string, context: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", ring.primary.bytes, iv);
  cipher.setAAD(Buffer.from(context, "utf8"));
  const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  const tag = cipher.getAuthTag();
  return ["v2", ring.primary.id, iv.toString("base64"), tag.toString("base64"), body.toString("base64")].join(":");
}

/** Opens a v2 envelope for its context; v1 envelopes (before contexts) open until `keys rotate` rewrites them. */
export function decryptSecret(ring: Keyring, envelope: string, context: string): string {
  const [version, keyId, iv, tag, body] = envelope.split(":");
  if ((version !== "v1" && version !== "v2") || body === undefined) throw new Error("secret has an unknown format");
  const key = ring.keys.get(keyId);
  if (!key) throw new Error(`secret was encrypted with key ${keyId}, which is not in ENCRYPTION_KEY`);
  const decipher = createDecipheriv("aes-256-gcm", key.bytes, Buffer.from(iv, "base64"));
  if (version === "v2") decipher.setAAD(Buffer.from(context, "utf8"));
  decipher.setAuthTag(Buffer.from(tag, "base64"));
  try {
    return Buffer.concat([decipher.update(Buffer.from(body, "base64")), decipher.final()]).toString("utf8");
  } catch {
    throw new Error("secret does not open: it was altered or belongs to another record");
  }
}

/** True when the envelope uses an older key or format and `keys rotate` should rewrite it. */
export function needsRotation(ring: Keyring, envelope: string): boolean {
  const [version, keyId] = envelope.split(":");
  return version !== "v2" || keyId !== ring.primary.id;
}
