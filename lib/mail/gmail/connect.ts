import type { DbOrTx } from "../../db/client";
import { oauthClient } from "./client";
import type { GmailConfig } from "./config";
import { createOAuthState } from "./state";

/** Read-only mail, and the address (openid email) so the account is named after it. */
export const GMAIL_SCOPES = ["https://www.googleapis.com/auth/gmail.readonly", "openid", "email"];

/** Where to send the person: Google's consent page, asking for a refresh token, with a fresh single-use state. */
export async function gmailConnectUrl(db: DbOrTx, cfg: GmailConfig, owner: { userId: string; companyId: string }): Promise<string> {
  const state = await createOAuthState(db, owner);
  return (await oauthClient(cfg)).generateAuthUrl({
    access_type: "offline",
    prompt: "consent",
    include_granted_scopes: true,
    scope: GMAIL_SCOPES,
    state,
  });
}
