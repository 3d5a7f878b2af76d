import { google } from "googleapis";
import type { GmailConfig } from "./config";

export type OAuthClient = InstanceType<typeof google.auth.OAuth2>;

/** googleapis' OAuth client on the configured endpoints (Google's, or a stand-in in tests). */
export function oauthClient(cfg: GmailConfig): OAuthClient {
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
export function gmailApi(cfg: GmailConfig, auth: OAuthClient) {
  // No retries inside googleapis: a rate limit or an outage is the sync's to back off from (Retry-After, the job's retries).
  return google.gmail({ version: "v1", auth, rootUrl: cfg.apiRootUrl, retry: false });
}
