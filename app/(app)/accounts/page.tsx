import Link from "next/link";
import { listAccounts } from "@/lib/accounts/service";
import { services } from "@/lib/web/services";
import { ButtonLink } from "@/components/button";
import { EmptyState } from "@/components/empty-state";
import { plural } from "@/components/format";
import { PageHeader } from "@/components/page-header";
import { AccountStatusBadge } from "@/components/status-badge";
import { Table, Tbody, Td, Th } from "@/components/table";
import { RelativeTime } from "@/components/time";
import { can } from "@/lib/auth/permissions";
import { requireCaller } from "../caller";
import { AccountActions } from "./account-actions";

export const dynamic = "force-dynamic";
export const metadata = { title: "Accounts · Mailroom" };

export default async function AccountsPage() {
  const caller = await requireCaller("/accounts");
  const accounts = await listAccounts(services().db, caller.companyId);
  const manage = can(caller.role, "accounts.manage");
  return (
    <>
      <PageHeader
        title="Accounts"
        description="The mailboxes Mailroom fetches invoices and receipts from."
        actions={accounts.length > 0 && manage ? <ButtonLink href="/accounts/new">Add a mailbox</ButtonLink> : undefined}
      />
      {accounts.length === 0 ? (
        <EmptyState
          title="No mailboxes yet"
          description={manage ? "Add the IMAP mailbox your invoices arrive in: its server, a username and a password (often an app password)." : "An admin of your company adds the mailboxes Mailroom fetches from."}
          action={manage ? <ButtonLink href="/accounts/new">Add a mailbox</ButtonLink> : undefined}
        />
      ) : (
        <Table label="Mail accounts">
          <thead>
            <tr>
              <Th>Mailbox</Th>
              <Th>Status</Th>
              <Th>Last fetch</Th>
              <Th>Stored</Th>
              <Th>
                <span className="sr-only">Actions</span>
              </Th>
            </tr>
          </thead>
          <Tbody>
            {accounts.map((a) => (
              <tr key={a.id} className="hover:bg-slate-50/60">
                <Td className="max-w-[16rem]">
                  <Link href={`/accounts/${a.id}`} className="block truncate font-medium text-slate-900 hover:text-indigo-600">
                    {a.email}
                  </Link>
                  <p className="truncate text-xs text-slate-500">
                    {a.provider === "gmail" ? "Gmail" : `${a.host}:${a.port} · ${a.security.toUpperCase()}`}
                    {!a.auto_fetch && " · manual fetch only"}
                  </p>
                </Td>
                <Td className="max-w-[13rem]">
                  <AccountStatusBadge status={a.status} />
                  {a.last_error && (
                    <p className="mt-1 line-clamp-2 text-xs text-red-700" title={a.last_error}>
                      {a.last_error}
                    </p>
                  )}
                </Td>
                <Td className="whitespace-nowrap">
                  <RelativeTime value={a.last_fetch_at} />
                </Td>
                <Td className="whitespace-nowrap tabular-nums">
                  <p>{plural(a.email_count, "email")}</p>
                  <Link href={`/documents?account_id=${a.id}`} className="text-xs text-slate-500 hover:text-indigo-600">
                    {plural(a.document_count, "document")}
                  </Link>
                </Td>
                <Td className="text-right">
                  <AccountActions id={a.id} email={a.email} emails={a.email_count} documents={a.document_count} canManage={manage} />
                </Td>
              </tr>
            ))}
          </Tbody>
        </Table>
      )}
    </>
  );
}
