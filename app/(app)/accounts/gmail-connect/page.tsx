import { getTranslations } from "next-intl/server";
import { connectFailureSchema, type ConnectFailure } from "@/lib/mail/gmail/failures";
import { ButtonLink, buttonClass } from "@/components/button";
import { PageHeader } from "@/components/page-header";
import { titled } from "../../page-helpers";
import { requireCaller } from "../../caller";
import { GMAIL_CONNECT_PATH } from "../gmail-connect-button";

export const dynamic = "force-dynamic";

export const generateMetadata = titled("accounts.gmail", "failureTitle");

// Trying again cannot help until an operator or an admin changes something.
const NO_RETRY: ConnectFailure[] = ["not_configured", "forbidden", "limit_reached"];

/** Where a Gmail connect that did not finish lands: what happened, and a way to try again. */
export default async function GmailConnectFailurePage({ searchParams }: { searchParams: Promise<{ error?: string }> }) {
  await requireCaller("/accounts");
  const parsed = connectFailureSchema.safeParse((await searchParams).error);
  const reason: ConnectFailure = parsed.success ? parsed.data : "failed";
  const t = await getTranslations("accounts.gmail");
  return (
    <div className="max-w-2xl">
      <PageHeader title={t("failureTitle")} back={{ href: "/accounts", label: t("backToAccounts") }} />
      <div role="alert" className="rounded-lg border border-red-200 bg-red-50 px-5 py-4 text-sm text-red-800">
        {t.rich(`reasons.${reason}`, { vars: () => <code dir="ltr">GOOGLE_CLIENT_ID, GOOGLE_CLIENT_SECRET, PUBLIC_URL</code> })}
      </div>
      <div className="mt-4 flex flex-wrap gap-2">
        {!NO_RETRY.includes(reason) && (
          <a href={GMAIL_CONNECT_PATH} className={buttonClass("primary")}>
            {t("tryAgain")}
          </a>
        )}
        <ButtonLink href="/accounts" variant="secondary">
          {t("backToAccounts")}
        </ButtonLink>
      </div>
    </div>
  );
}
