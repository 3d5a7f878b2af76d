import { z } from "zod";
import { decryptSecret, encryptSecret, type Keyring } from "../../crypto/secrets";
import { columnSecretContext } from "../../crypto/rotate";
import { mailAccounts } from "../../db/schema/accounts";

/** What a Gmail account keeps in secret_enc, encrypted like an IMAP password. */
export const gmailTokensSchema = z.object({
  refresh_token: z.string().min(1),
  access_token: z.string().nullable(),
  expiry_date: z.number().nullable(),
  scope: z.string().nullable(),
});
export type GmailTokens = z.infer<typeof gmailTokensSchema>;

export function sealGmailTokens(ring: Keyring, accountId: string, tokens: GmailTokens): string {
  return encryptSecret(ring, JSON.stringify(tokens), context(accountId));
}

export function openGmailTokens(ring: Keyring, accountId: string, envelope: string): GmailTokens {
  return gmailTokensSchema.parse(JSON.parse(decryptSecret(ring, envelope, context(accountId))));
}

// The same context as an IMAP password's (lib/accounts/service.ts), so `keys rotate` rewrites both alike.
const context = (accountId: string) => columnSecretContext(mailAccounts.secretEnc, accountId);
