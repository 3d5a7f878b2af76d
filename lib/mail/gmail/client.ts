import type { google as Google } from "googleapis";
import type { GmailConfig } from "./config";

export type OAuthClient = InstanceType<typeof Google.auth.OAuth2>;

let googleapis: Promise<typeof import("googleapis")> | undefined;
// googleapis costs ~115 MB of memory and 2.5 s to load: loaded when a Gmail account is first used,
// not by every worker and web process that imports the fetch code.
const loadGoogle = async () => (await (googleapis ??= import("googleapis"))).google;

/** googleapis' OAuth client on the configured endpoints (Google's, or a stand-in in tests). */
export async function oauthClient(cfg: GmailConfig): Promise<OAuthClient> {
  const google = await loadGoogle();
  return new google.auth.OAuth2({
    clientId: cfg.clientId,
    clientSecret: cfg.clientSecret,
    redirectUri: cfg.redirectUri,
    endpoints: { oauth2AuthBaseUrl: cfg.authUrl, oauth2TokenUrl: cfg.tokenUrl },
    // An access token Google stops accepting before its expiry is refreshed and the call repeated once.
    forceRefreshOnFailure: true,
  });
}

/** The Gmail API as `auth`, at the configured root URL. */
export async function gmailApi(cfg: GmailConfig, auth: OAuthClient) {
  const google = await loadGoogle();
  // No retries inside googleapis: a rate limit or an outage is the sync's to back off from (Retry-After, the job's retries).
  return google.gmail({ version: "v1", auth, rootUrl: cfg.apiRootUrl, retry: false });
}
