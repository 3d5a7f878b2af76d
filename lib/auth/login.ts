import { isIP } from "node:net";
import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "../db/client";
import { users } from "../db/schema/companies";
import { AppError } from "../errors";
import { unmapped } from "../net/outbound";
import { consumeRateLimit, refundRateLimit, resetRateLimit, type RateLimit } from "../security/rate-limit";
import { hashPassword, needsRehash, verifyNothing, verifyPassword } from "./passwords";
import { PASSWORD_MAX } from "./limits";
import { findUserByEmail, type UserRow } from "./users";

/** Failed password checks allowed per email and per client address before the answer is to wait. */
export const LOGIN_LIMIT: RateLimit = { limit: 10, windowSeconds: 15 * 60 };

export const loginKeys = (email: string, address: string | null) => [`login:email:${email.trim().toLowerCase()}`, ...(address ? [`login:address:${address}`] : [])];

/** Signs in with email and password under the login limits; null for a wrong email or password. */
export async function login(db: DbOrTx, input: { email: string; password: string; address: string | null }): Promise<UserRow | null> {
  return throttled(db, loginKeys(input.email, input.address), () => authenticate(db, input.email, input.password));
}

/**
 * Runs a password check under the login limits. The attempt is counted before it runs, so a burst
 * of concurrent guesses cannot slip past the count; a success forgets the failures of its first
 * key (the email) and takes itself back from the others, so only failures count against an address.
 */
export async function throttled<T>(db: DbOrTx, keys: string[], attempt: () => Promise<T | null>): Promise<T | null> {
  const counted = await Promise.all(keys.map((key) => consumeRateLimit(db, key, LOGIN_LIMIT)));
  const over = counted.filter((r) => !r.allowed);
  if (over.length > 0) throw tooManyFailures(Math.max(...over.map((r) => r.retryAfterSeconds)));
  const result = await attempt();
  if (result) await Promise.all([resetRateLimit(db, keys[0]), ...keys.slice(1).map((key) => refundRateLimit(db, key))]);
  return result;
}

/**
 * Checks credentials: the same answer, after the same work, for an unknown email and a wrong
 * password. A disabled person with the right password is told so. A legacy bcrypt hash is
 * replaced with argon2id once the password is known to be right.
 */
export async function authenticate(db: DbOrTx, email: string, password: string): Promise<UserRow | null> {
  const user = await findUserByEmail(db, email);
  if (!user || password.length > PASSWORD_MAX) {
    await verifyNothing(password.slice(0, PASSWORD_MAX));
    return null;
  }
  if (!(await verifyPassword(password, user.passwordHash))) return null;
  if (user.disabledAt) throw new AppError("auth.disabled", "This account is disabled: ask an admin of your company", { status: 403 });
  if (needsRehash(user.passwordHash)) {
    // Only if nobody changed the password meanwhile.
    await db.update(users).set({ passwordHash: await hashPassword(password) }).where(and(eq(users.id, user.id), eq(users.passwordHash, user.passwordHash)));
  }
  return user;
}

/** Set by scripts/next-server.ts from the connection itself; a client's own value never reaches the app. */
export const PEER_HEADER = "x-mailroom-peer";

/**
 * The client address to count failures against. Without a proxy it is the connection's own address
 * (PEER_HEADER). Behind TRUST_PROXY proxies it is the X-Forwarded-For entry the outermost trusted
 * proxy wrote: entries before it are whatever the client claimed.
 */
export function clientAddress(headers: Record<string, unknown> | undefined, trustedProxies: number): string | null {
  if (trustedProxies === 0) {
    // An IPv4 client on a dual-stack socket shows as ::ffff:a.b.c.d: it counts as the IPv4 address.
    const peer = unmapped(String(headers?.[PEER_HEADER] ?? ""));
    return isIP(peer) ? peer : null;
  }
  const raw = headers?.["x-forwarded-for"];
  const hops = (Array.isArray(raw) ? raw.join(",") : String(raw ?? ""))
    .split(",")
    .map((h) => h.trim())
    .filter(Boolean);
  const address = hops[hops.length - trustedProxies];
  return address && isIP(address) ? address : null;
}

function tooManyFailures(retryAfterSeconds: number): AppError {
  const minutes = Math.max(1, Math.ceil(retryAfterSeconds / 60));
  return new AppError("auth.throttled", `Too many failed sign-ins; try again in ${minutes} minute${minutes === 1 ? "" : "s"}`, {
    status: 429,
    details: { retry_after_seconds: retryAfterSeconds },
  });
}
