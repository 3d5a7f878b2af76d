import { publicRoute, resolveCaller } from "@/lib/http";
import { can } from "@/lib/auth/permissions";
import { env } from "@/lib/env";
import { gmailConfig } from "@/lib/mail/gmail/config";
import { completeGmailConnect } from "@/lib/mail/gmail/callback";
import type { ConnectFailure } from "@/lib/mail/gmail/failures";
import { services } from "@/lib/web/services";
import { accountFetchJob } from "@/lib/accounts/schemas";
import { enqueue } from "@/lib/queue";

/** Google's redirect back. Always a 302: to the account's page, or to a page that says what went wrong and offers to try again. */
export const GET = publicRoute(async (request, log) => {
  const url = new URL(request.url);
  const base = env().PUBLIC_URL ?? url.origin;
  const failed = (reason: ConnectFailure) => redirect(new URL(`/accounts/gmail-connect?error=${reason}`, base));
  try {
    const cfg = gmailConfig();
    if (!cfg) return failed("not_configured");
    const caller = await resolveCaller(request);
    if (!caller) return failed("signed_out");
    if (!can(caller.role, "accounts.manage")) return failed("forbidden");
    const { db, keyring } = services();
    const query = { state: url.searchParams.get("state") ?? undefined, code: url.searchParams.get("code") ?? undefined, error: url.searchParams.get("error") ?? undefined };
    const outcome = await completeGmailConnect({ db, keyring, log, maxAccounts: env().MAX_ACCOUNTS_PER_COMPANY }, cfg, caller, query);
    if (!outcome.ok) return failed(outcome.reason);
    // The first sync starts now rather than at the next scheduler tick; if queueing fails, that tick picks the account up.
    await enqueue(await services().boss(), accountFetchJob, { account_id: outcome.accountId, company_id: caller.companyId }, { singletonKey: outcome.accountId }).catch((err: unknown) =>
      log.warn({ err, accountId: outcome.accountId }, "could not queue the first Gmail sync; the scheduler will"),
    );
    return redirect(new URL(`/accounts/${outcome.accountId}?gmail=${outcome.reconnected ? "reconnected" : "connected"}`, base));
  } catch (err) {
    log.error({ err }, "gmail callback failed");
    return failed("failed");
  }
});

const redirect = (to: URL) => new Response(null, { status: 302, headers: { location: to.toString(), "cache-control": "no-store" } });
