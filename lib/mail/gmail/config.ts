import { env } from "../../env";
import { AppError } from "../../errors";

export type GmailConfig = { clientId: string; clientSecret: string; redirectUri: string; authUrl: string; tokenUrl: string; apiRootUrl: string };

/** The path Google sends people back to; registered as the OAuth client's redirect URI. */
export const GMAIL_CALLBACK_PATH = "/api/email-integration/gmail/callback";

/** Gmail connect's settings, or null while GOOGLE_CLIENT_ID, GOOGLE_CLIENT_SECRET or PUBLIC_URL is missing. */
export function gmailConfig(): GmailConfig | null {
  const e = env();
  if (!e.GOOGLE_CLIENT_ID || !e.GOOGLE_CLIENT_SECRET || !e.PUBLIC_URL) return null;
  return {
    clientId: e.GOOGLE_CLIENT_ID,
    clientSecret: e.GOOGLE_CLIENT_SECRET,
    redirectUri: new URL(GMAIL_CALLBACK_PATH, e.PUBLIC_URL).toString(),
    authUrl: e.GOOGLE_OAUTH_AUTH_URL,
    tokenUrl: e.GOOGLE_OAUTH_TOKEN_URL,
    apiRootUrl: e.GOOGLE_API_ROOT_URL,
  };
}

export function requireGmailConfig(): GmailConfig {
  const cfg = gmailConfig();
  if (!cfg) {
    throw new AppError("gmail.not_configured", "Gmail is not set up on this server: set GOOGLE_CLIENT_ID, GOOGLE_CLIENT_SECRET and PUBLIC_URL, then restart Mailroom", { status: 409 });
  }
  return cfg;
}
