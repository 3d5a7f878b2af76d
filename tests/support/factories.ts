import { randomBytes, randomUUID } from "node:crypto";
import type { Db } from "@/lib/db/client";
import { createUser } from "@/lib/auth/users";
import { createApiToken } from "@/lib/auth/tokens";
import { createAccount } from "@/lib/accounts/service";
import { createAccountSchema, type CreateAccountInput } from "@/lib/accounts/schemas";
import type { Keyring } from "@/lib/crypto/secrets";
import { mailAccounts } from "@/lib/db/schema/accounts";
import { sealGmailTokens } from "@/lib/mail/gmail/tokens";

/** The password every user made here signs in with. */
export const USER_PASSWORD = "correct horse battery";

export async function makeUser(db: Db, opts: { company?: string; role?: "admin" | "member" } = {}) {
  const email = `user-${randomBytes(4).toString("hex")}@example.test`;
  const user = await createUser(db, { companyName: opts.company ?? `Company ${randomBytes(3).toString("hex")}` }, {
    email,
    password: USER_PASSWORD,
    role: opts.role ?? "admin",
  });
  const { token } = await createApiToken(db, { userId: user.id, companyId: user.companyId }, "test");
  return { user, token, companyId: user.companyId };
}

export async function makeImapAccount(db: Db, ring: Keyring, companyId: string, input: Partial<CreateAccountInput> & { host: string; port: number; email: string; password: string }) {
  return createAccount(db, ring, companyId, createAccountSchema.parse({ security: "none", ...input }));
}

/** A connected Gmail account holding `refreshToken` (as a finished consent leaves it), status unchecked. */
export async function makeGmailAccount(db: Db, ring: Keyring, companyId: string, input: { email: string; refreshToken: string }) {
  const id = randomUUID();
  await db.insert(mailAccounts).values({
    id,
    companyId,
    provider: "gmail",
    email: input.email,
    username: input.email,
    secretEnc: sealGmailTokens(ring, id, { refresh_token: input.refreshToken, access_token: null, expiry_date: null, scope: null }),
    status: "unchecked",
  });
  return { id, companyId, email: input.email, refreshToken: input.refreshToken };
}
