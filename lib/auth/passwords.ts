import { randomBytes } from "node:crypto";
import { hash, verify } from "@node-rs/argon2";
import bcrypt from "bcryptjs";

// argon2id with the library's defaults (19 MiB, 2 passes, OWASP's minimum), computed on libuv's
// thread pool so a sign-in never blocks the event loop; every byte of the password counts.
export const hashPassword = (password: string): Promise<string> => hash(password);

/** Whether `password` matches `stored`; bcrypt hashes from before argon2 ($2a$, $2b$) still verify. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  if (isLegacyHash(stored)) return bcrypt.compare(password, stored);
  return verify(stored, password).catch(() => false);
}

/** A hash that should be replaced by a fresh argon2id one at the next successful sign-in. */
export const needsRehash = (stored: string) => !stored.startsWith("$argon2id$");

let dummy: Promise<string> | undefined;

/** Spends the time of a real check, so an unknown email answers as slowly as a wrong password. */
export async function verifyNothing(password: string): Promise<void> {
  dummy ??= hashPassword(randomBytes(16).toString("hex"));
  await verifyPassword(password, await dummy);
}

const isLegacyHash = (stored: string) => /^\$2[aby]\$/.test(stored);
