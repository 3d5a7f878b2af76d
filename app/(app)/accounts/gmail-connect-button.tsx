import { getTranslations } from "next-intl/server";
import { buttonClass, Button } from "@/components/button";
import { gmailConfig } from "@/lib/mail/gmail/config";

export const GMAIL_CONNECT_PATH = "/api/integrations/gmail/connect";

/**
 * "Connect Gmail" (or "Reconnect"): a plain link, since the connect route answers with a redirect to Google.
 * Disabled, with what to configure, while the server has no Google OAuth client.
 */
export async function GmailConnectButton({ label = "connect", variant = "secondary" }: { label?: "connect" | "reconnect"; variant?: "primary" | "secondary" }) {
  const t = await getTranslations("accounts.gmail");
  if (!gmailConfig()) {
    return (
      <div className="flex max-w-sm flex-col items-end gap-1 text-end">
        <Button variant={variant} disabled aria-describedby="gmail-not-configured">
          {t(label)}
        </Button>
        <p id="gmail-not-configured" className="text-xs text-slate-500">
          {t.rich("notConfigured", { vars: () => <code dir="ltr">GOOGLE_CLIENT_ID, GOOGLE_CLIENT_SECRET, PUBLIC_URL</code> })}
        </p>
      </div>
    );
  }
  return (
    <a href={GMAIL_CONNECT_PATH} className={buttonClass(variant)}>
      {t(label)}
    </a>
  );
}
