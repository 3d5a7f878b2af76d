import { AccountForm } from "@/components/account-form";
import { PageHeader } from "@/components/page-header";
import { can } from "@/lib/auth/permissions";
import { AdminOnly } from "@/components/admin-only";
import { requireCaller } from "../../caller";

export const dynamic = "force-dynamic";
export const metadata = { title: "Add a mailbox · Mailroom" };

export default async function NewAccountPage() {
  const caller = await requireCaller("/accounts/new");
  return (
    <div className="max-w-3xl">
      <PageHeader title="Add a mailbox" description="Mailroom signs in over IMAP and reads new mail; it changes nothing on the server unless you ask it to." back={{ href: "/accounts", label: "Accounts" }} />
      {can(caller.role, "accounts.manage") ? <AccountForm /> : <AdminOnly permission="accounts.manage" />}
    </div>
  );
}
