import type { Keyring } from "../../crypto/secrets";
import type { ConnectionTest } from "../../accounts/schemas";
import type { Logger } from "../../logger";
import { gmailApi, oauthClient } from "./client";
import { gmailConfig } from "./config";
import { googleErrorCode } from "./google-errors";
import { openGmailTokens } from "./tokens";

type GmailAccount = { id: string; secretEnc: string | null };

/** A Gmail account's test: its refresh token gets an access token and reads the profile. `login` means reconnect. */
export async function testGmailConnection(account: GmailAccount, ring: Keyring, log?: Logger): Promise<ConnectionTest> {
  const cfg = gmailConfig();
  if (!cfg) return { ok: false, kind: "protocol", message: "Gmail is not set up on this server: set GOOGLE_CLIENT_ID, GOOGLE_CLIENT_SECRET and PUBLIC_URL" };
  let refreshToken: string;
  try {
    refreshToken = openGmailTokens(ring, account.id, account.secretEnc ?? "").refresh_token;
  } catch {
    return { ok: false, kind: "secret", message: "The stored Google access cannot be read (its key is no longer in ENCRYPTION_KEY): reconnect the mailbox" };
  }
  const client = await oauthClient(cfg);
  client.setCredentials({ refresh_token: refreshToken });
  try {
    await (await gmailApi(cfg, client)).users.getProfile({ userId: "me" });
    return { ok: true, folders: ["INBOX"] };
  } catch (err) {
    const code = googleErrorCode(err);
    log?.warn({ accountId: account.id, code }, "gmail connection test failed");
    if (code === "invalid_grant" || code === "UNAUTHENTICATED") return { ok: false, kind: "login", message: "Google no longer accepts Mailroom's access to this mailbox (it was revoked or expired): reconnect it" };
    return { ok: false, kind: "protocol", message: `Google did not answer as expected${code ? ` (${code})` : ""}: try again later` };
  }
}
