import { randomUUID } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { mailAccounts } from "../../db/schema/accounts";
import type { Keyring } from "../../crypto/secrets";
import { AppError, isUniqueViolation } from "../../errors";
import type { Logger } from "../../logger";
import { ensureRoomForAccount } from "../../accounts/service";
import { gmailApi, oauthClient } from "./client";
import type { GmailConfig } from "./config";
import { consumeOAuthState } from "./state";
import { sealGmailTokens, type GmailTokens } from "./tokens";
import { CONNECT_FAILURES, type ConnectFailure } from "./failures";
import { googleErrorCode } from "./google-errors";

export type CallbackQuery = { state?: string; code?: string; error?: string };
export type CallbackDeps = { db: Db; keyring: Keyring; log: Logger; maxAccounts: number };
export type CallbackOutcome = { ok: true; accountId: string; reconnected: boolean } | { ok: false; reason: ConnectFailure };

/**
 * Google's redirect back: the state first (this person's, this company's, unused, fresh), then
 * Google's answer, the code for tokens (a refresh token is required), the address, and the account.
 */
export async function completeGmailConnect(deps: CallbackDeps, cfg: GmailConfig, owner: { userId: string; companyId: string }, query: CallbackQuery): Promise<CallbackOutcome> {
  if (!query.state || !(await consumeOAuthState(deps.db, query.state, owner))) return { ok: false, reason: "invalid_state" };
  if (query.error) return { ok: false, reason: knownFailure(query.error) };
  if (!query.code) return { ok: false, reason: "failed" };
  const client = await oauthClient(cfg);
  let tokens: GmailTokens;
  try {
    const { tokens: t } = await client.getToken(query.code);
    if (!t.refresh_token) return { ok: false, reason: "no_refresh_token" };
    tokens = { refresh_token: t.refresh_token, access_token: t.access_token ?? null, expiry_date: t.expiry_date ?? null, scope: t.scope ?? null };
    client.setCredentials(t);
  } catch (err) {
    deps.log.warn({ err: googleErrorCode(err) ?? "unknown" }, "gmail code exchange failed");
    return { ok: false, reason: knownFailure(googleErrorCode(err)) };
  }
  let address: string;
  try {
    const profile = await (await gmailApi(cfg, client)).users.getProfile({ userId: "me" });
    if (!profile.data.emailAddress) return { ok: false, reason: "failed" };
    address = profile.data.emailAddress.toLowerCase();
  } catch (err) {
    deps.log.warn({ err: googleErrorCode(err) ?? "unknown" }, "gmail getProfile failed");
    return { ok: false, reason: knownFailure(googleErrorCode(err)) };
  }
  return saveGmailAccount(deps, owner, address, tokens);
}

/** Creates the company's Gmail account for `address`, or reconnects the one it has (same row, same history). */
async function saveGmailAccount(deps: CallbackDeps, owner: { userId: string; companyId: string }, address: string, tokens: GmailTokens): Promise<CallbackOutcome> {
  for (let attempt = 0; ; attempt++) {
    const existing = await reconnect(deps, owner, address, tokens);
    if (existing) return { ok: true, accountId: existing, reconnected: true };
    try {
      const id = await deps.db.transaction(async (tx) => {
        await ensureRoomForAccount(tx, owner.companyId, deps.maxAccounts);
        const id = randomUUID();
        await tx.insert(mailAccounts).values({
          id,
          companyId: owner.companyId,
          provider: "gmail",
          email: address,
          username: address,
          secretEnc: sealGmailTokens(deps.keyring, id, tokens),
          connectedBy: owner.userId,
          status: "unchecked",
        });
        return id;
      });
      return { ok: true, accountId: id, reconnected: false };
    } catch (err) {
      if (err instanceof AppError && err.code === "accounts.limit_reached") return { ok: false, reason: "limit_reached" };
      // Two callbacks for one address at once: the other created it, so this one reconnects it.
      if (!isUniqueViolation(err) || attempt > 0) throw err;
    }
  }
}

async function reconnect(deps: CallbackDeps, owner: { userId: string; companyId: string }, address: string, tokens: GmailTokens): Promise<string | null> {
  const [row] = await deps.db
    .select({ id: mailAccounts.id })
    .from(mailAccounts)
    .where(and(eq(mailAccounts.companyId, owner.companyId), eq(mailAccounts.provider, "gmail"), eq(sql`lower(${mailAccounts.email})`, address)));
  if (!row) return null;
  await deps.db
    .update(mailAccounts)
    .set({ secretEnc: sealGmailTokens(deps.keyring, row.id, tokens), connectedBy: owner.userId, status: "unchecked", lastError: null, lastErrorCode: null, failureCount: 0, retryAfter: null, updatedAt: new Date() })
    .where(and(eq(mailAccounts.id, row.id), eq(mailAccounts.companyId, owner.companyId)));
  return row.id;
}

function knownFailure(code: string | undefined): ConnectFailure {
  return (CONNECT_FAILURES as readonly string[]).includes(code ?? "") ? (code as ConnectFailure) : "failed";
}
