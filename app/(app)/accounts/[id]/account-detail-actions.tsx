"use client";

import { useRouter } from "next/navigation";
import { FetchNowButton, FetchResultMessage, TestConnectionButton, TestResultMessage, useConnectionTest, useFetchNow } from "@/components/account-buttons";
import { DeleteAccountButton } from "../account-actions";

export function AccountDetailActions({ id, email, emails, documents, canManage }: { id: string; email: string; emails: number; documents: number; canManage: boolean }) {
  const router = useRouter();
  const test = useConnectionTest(id);
  const fetch = useFetchNow(id);
  return (
    <div className="rounded-lg border border-slate-200 bg-white px-5 py-3 shadow-sm">
      <div className="flex flex-wrap items-center gap-2">
        <TestConnectionButton test={test} variant="secondary" />
        <FetchNowButton fetch={fetch} variant="secondary" />
        {canManage && (
          <div className="ml-auto">
            <DeleteAccountButton
              id={id}
              email={email}
              emails={emails}
              documents={documents}
              onDeleted={() => {
                router.push("/accounts");
                router.refresh();
              }}
            />
          </div>
        )}
      </div>
      {(test.busy || test.result || test.error || fetch.result || fetch.error) && (
        <div className="mt-2 space-y-1" aria-live="polite">
          <TestResultMessage test={test} />
          <FetchResultMessage fetch={fetch} />
        </div>
      )}
    </div>
  );
}
