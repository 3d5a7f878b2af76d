import { can, forbiddenMessage } from "@/lib/auth/permissions";
import { listApiTokens } from "@/lib/auth/tokens";
import { listUsers, userJson } from "@/lib/auth/users";
import { services } from "@/lib/web/services";
import { PageHeader } from "@/components/page-header";
import { ButtonLink } from "@/components/button";
import { requireCaller } from "../caller";
import { PasswordPanel } from "./password-panel";
import { TokensPanel } from "./tokens-panel";
import { UsersPanel } from "./users-panel";

export const dynamic = "force-dynamic";
export const metadata = { title: "Settings · Mailroom" };

export default async function SettingsPage() {
  const caller = await requireCaller("/settings");
  const { db } = services();
  const [tokens, users] = await Promise.all([listApiTokens(db, caller), listUsers(db, caller.companyId)]);
  const people = users.map(userJson);
  const seesAllTokens = can(caller.role, "tokens.manage_all");
  return (
    <>
      <PageHeader
        title="Settings"
        description="Your password, API tokens for scripts and integrations, and the people in your company."
        actions={
          <ButtonLink href="/settings/categories" variant="secondary">
            Categories and rules
          </ButtonLink>
        }
      />
      <div className="space-y-10">
        <PasswordPanel email={caller.email} />
        <TokensPanel tokens={tokens} scope={seesAllTokens ? "Everyone’s tokens in your company; you can revoke any of them." : "Your own tokens; an admin sees everyone’s."} />
        <UsersPanel users={people} currentUserId={caller.userId} canManage={can(caller.role, "people.manage")} forbidden={forbiddenMessage("people.manage")} />
      </div>
    </>
  );
}
