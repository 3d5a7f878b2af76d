import { existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { generateKey } from "../crypto/secrets";

type LocalSecrets = { encryption_key: string; auth_secret: string };

/**
 * For the one-machine default: keys generated once into DATA_DIR so `npm start` needs no setup.
 * Production sets ENCRYPTION_KEY and AUTH_SECRET itself, and start:web / start:worker demand them.
 */
export async function ensureLocalSecrets(dataDir: string, warn: (msg: string) => void): Promise<LocalSecrets> {
  const file = path.join(dataDir, "secrets.json");
  if (existsSync(file)) return JSON.parse(await readFile(file, "utf8")) as LocalSecrets;
  await mkdir(dataDir, { recursive: true });
  const secrets = { encryption_key: generateKey(), auth_secret: randomBytes(32).toString("base64url") };
  await writeFile(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  warn(`Generated ENCRYPTION_KEY and AUTH_SECRET into ${file}. Back this file up: without it stored mailbox passwords cannot be read. In production set ENCRYPTION_KEY and AUTH_SECRET instead.`);
  return secrets;
}
