"use client";

import { useRouter } from "next/navigation";
import { api } from "@/components/api-client";
import { ButtonLink } from "@/components/button";
import { ConfirmButton } from "@/components/confirm-dialog";
import { FetchNowButton, FetchResultMessage, TestConnectionButton, TestResultMessage, useConnectionTest, useFetchNow } from "@/components/account-buttons";
import { plural } from "@/components/format";

/** Test and fetch for everyone; edit and delete only when `canManage` (admins). */
export function AccountActions({ id, email, emails, documents, canManage }: { id: string; email: string; emails: number; documents: number; canManage: boolean }) {
  const router = useRouter();
  const test = useConnectionTest(id);
  const fetch = useFetchNow(id);
  return (
    <div className="flex flex-col items-end gap-1">
      <div className="flex justify-end gap-1">
        <TestConnectionButton test={test} />
        <FetchNowButton fetch={fetch} />
        {canManage && (
          <>
            <ButtonLink href={`/accounts/${id}/edit`} variant="ghost" size="sm">
              Edit
            </ButtonLink>
            <DeleteAccountButton id={id} email={email} emails={emails} documents={documents} onDeleted={() => router.refresh()} />
          </>
        )}
      </div>
      <div className="max-w-xs text-right">
        <TestResultMessage test={test} />
        <FetchResultMessage fetch={fetch} />
      </div>
    </div>
  );
}

export function DeleteAccountButton({ id, email, emails, documents, onDeleted }: { id: string; email: string; emails: number; documents: number; onDeleted: () => void }) {
  return (
    <ConfirmButton
      label="Delete"
      title={`Delete ${email}?`}
      message={
        <>
          This removes the mailbox from Mailroom and deletes its {plural(emails, "stored email")} and {plural(documents, "document")}, with their files. The mail on the
          server is not touched. This cannot be undone.
        </>
      }
      confirmLabel="Delete mailbox"
      onConfirm={async () => {
        await api(`/api/accounts/${id}`, { method: "DELETE" });
        onDeleted();
      }}
    />
  );
}
