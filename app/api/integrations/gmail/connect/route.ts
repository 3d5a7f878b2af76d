import { route } from "@/lib/http";
import { requireGmailConfig } from "@/lib/mail/gmail/config";
import { gmailConnectUrl } from "@/lib/mail/gmail/connect";
import { services } from "@/lib/web/services";

/** Sends an admin to Google's consent page; 409 gmail.not_configured until the server has an OAuth client. */
export const GET = route(
  async (_req, { caller }) => {
    const url = await gmailConnectUrl(services().db, requireGmailConfig(), caller);
    return new Response(null, { status: 302, headers: { location: url, "cache-control": "no-store" } });
  },
  { may: "accounts.manage" },
);
