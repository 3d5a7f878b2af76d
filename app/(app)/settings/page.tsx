import { listApiTokens } from "@/lib/auth/tokens";
import { listUsers, userJson } from "@/lib/auth/users";
import { services } from "@/lib/web/services";
import { PageHeader } from "@/components/page-header";
import { ButtonLink } from "@/components/button";
import { requireCaller } from "../caller";
import { TokensPanel } from "./tokens-panel";
import { UsersPanel } from "./users-panel";

export const dynamic = "force-dynamic";
export const metadata = { title: "Settings · Mailroom" };

export default async function SettingsPage() {
  const caller = await requireCaller("/settings");
  const { db } = services();
  const [tokens, users] = await Promise.all([listApiTokens(db, caller.companyId), listUsers(db, caller.companyId)]);
  const people = users.map(userJson);
  return (
    <>
      <PageHeader
        title="Settings"
        description="API tokens for scripts and integrations, and the people in your company."
        actions={
          <ButtonLink href="/settings/categories" variant="secondary">
            Categories and rules
          </ButtonLink>
        }
      />
      <div className="space-y-10">
        <TokensPanel tokens={tokens} />
        <UsersPanel users={people} currentUserId={caller.userId} isAdmin={caller.role === "admin"} />
      </div>
    </>
  );
}
