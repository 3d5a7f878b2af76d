import { createHash, randomBytes } from "node:crypto";
import { and, eq, gt, isNull, lt, or, isNotNull } from "drizzle-orm";
import type { DbOrTx } from "../../db/client";
import { oauthStates } from "../../db/schema/accounts";

export const STATE_TTL_MS = 10 * 60 * 1000;

type Owner = { userId: string; companyId: string };

/** A new state for `owner`'s connect: the random value goes to Google, only its hash is stored. */
export async function createOAuthState(db: DbOrTx, owner: Owner, now = new Date()): Promise<string> {
  const state = randomBytes(32).toString("base64url");
  // Finished and expired states serve no one: each new connect sweeps them.
  await db.delete(oauthStates).where(or(lt(oauthStates.expiresAt, now), isNotNull(oauthStates.usedAt)));
  await db.insert(oauthStates).values({ stateHash: hashState(state), provider: "gmail", companyId: owner.companyId, userId: owner.userId, expiresAt: new Date(now.getTime() + STATE_TTL_MS) });
  return state;
}

/** Uses the state once, for the person and company it was made for; false when forged, used, expired or someone else's. */
export async function consumeOAuthState(db: DbOrTx, state: string, owner: Owner, now = new Date()): Promise<boolean> {
  const used = await db
    .update(oauthStates)
    .set({ usedAt: now })
    .where(
      and(
        eq(oauthStates.stateHash, hashState(state)),
        eq(oauthStates.userId, owner.userId),
        eq(oauthStates.companyId, owner.companyId),
        isNull(oauthStates.usedAt),
        gt(oauthStates.expiresAt, now),
      ),
    )
    .returning({ id: oauthStates.id });
  return used.length === 1;
}

const hashState = (state: string) => createHash("sha256").update(state).digest("hex");
