import { createHash, randomBytes } from "node:crypto";
import { and, desc, eq, isNull } from "drizzle-orm";
import type { DbOrTx } from "../db/client";
import { apiTokens, users } from "../db/schema/companies";
import { notFound } from "../errors";
import { can } from "./permissions";
import type { ApiToken, CreatedApiToken } from "./schemas";
import type { Caller } from "./users";

const PREFIX = "mr_";

const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");

/** Creates a token and returns it once; only its hash is stored. */
export async function createApiToken(db: DbOrTx, caller: Pick<Caller, "userId" | "companyId">, name: string): Promise<CreatedApiToken> {
  const token = PREFIX + randomBytes(24).toString("base64url");
  const [row] = await db
    .insert(apiTokens)
    .values({ companyId: caller.companyId, userId: caller.userId, name, tokenHash: hashToken(token), prefix: token.slice(0, 7) })
    .returning();
  return { token, id: row.id, name: row.name, prefix: row.prefix, created_at: row.createdAt };
}

/** The person a token acts for, in their own language; none once they are disabled (their tokens are deleted then too) or removed. */
export async function callerFromToken(db: DbOrTx, token: string): Promise<Caller | null> {
  if (!token.startsWith(PREFIX)) return null;
  const [row] = await db
    .select({ tokenId: apiTokens.id, userId: users.id, companyId: users.companyId, role: users.role, email: users.email, locale: users.locale })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .where(and(eq(apiTokens.tokenHash, hashToken(token)), isNull(users.disabledAt)));
  if (!row) return null;
  await db.update(apiTokens).set({ lastUsedAt: new Date() }).where(eq(apiTokens.id, row.tokenId));
  return { userId: row.userId, companyId: row.companyId, role: row.role, email: row.email, locale: row.locale };
}

/** Admins see every token of their company; members only their own. */
export async function listApiTokens(db: DbOrTx, caller: Pick<Caller, "companyId" | "userId" | "role">): Promise<ApiToken[]> {
  const own = can(caller.role, "tokens.manage_all") ? undefined : eq(apiTokens.userId, caller.userId);
  const rows = await db
    .select({ token: apiTokens, email: users.email })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .where(and(eq(apiTokens.companyId, caller.companyId), own))
    .orderBy(desc(apiTokens.createdAt));
  return rows.map(({ token: r, email }) => ({ id: r.id, name: r.name, prefix: r.prefix, user_id: r.userId, user_email: email, last_used_at: r.lastUsedAt, created_at: r.createdAt }));
}

/** Admins may revoke any token of their company; members only their own. */
export async function revokeApiToken(db: DbOrTx, caller: Pick<Caller, "companyId" | "userId" | "role">, id: string) {
  const own = can(caller.role, "tokens.manage_all") ? undefined : eq(apiTokens.userId, caller.userId);
  const deleted = await db
    .delete(apiTokens)
    .where(and(eq(apiTokens.id, id), eq(apiTokens.companyId, caller.companyId), own))
    .returning({ id: apiTokens.id });
  if (deleted.length === 0) throw notFound("tokens");
}
