"use client";

import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { api } from "@/components/api-client";
import { isolate } from "@/components/bidi";
import { ButtonLink } from "@/components/button";
import { ConfirmButton } from "@/components/confirm-dialog";
import { FetchNowButton, FetchResultMessage, TestConnectionButton, TestResultMessage, useConnectionTest, useFetchNow } from "@/components/account-buttons";

type Props = { id: string; email: string; emails: number; documents: number; canManage: boolean };

/**
 * Test and fetch for everyone; edit and delete only when `canManage` (admins). In a list `row` (small
 * buttons, Edit beside them); on the mailbox's own page a `panel` (its header has Edit; deleting leaves the page).
 */
export function AccountActions({ layout = "row", ...account }: Props & { layout?: "row" | "panel" }) {
  const t = useTranslations("common.actions");
  const router = useRouter();
  const test = useConnectionTest(account.id);
  const fetch = useFetchNow(account.id);
  const panel = layout === "panel";
  const onDeleted = () => {
    if (panel) router.push("/accounts");
    router.refresh();
  };
  const variant = panel ? "secondary" : "ghost";
  return (
    <div className={panel ? "rounded-lg border border-slate-200 bg-white px-5 py-3 shadow-sm" : "flex flex-col items-end gap-1"}>
      <div className={`flex flex-wrap items-center gap-1 ${panel ? "gap-2" : "justify-end"}`}>
        <TestConnectionButton test={test} variant={variant} />
        <FetchNowButton fetch={fetch} variant={variant} />
        {account.canManage && !panel && (
          <ButtonLink href={`/accounts/${account.id}/edit`} variant="ghost" size="sm">
            {t("edit")}
          </ButtonLink>
        )}
        {account.canManage && (
          <div className={panel ? "ms-auto" : undefined}>
            <DeleteAccountButton {...account} onDeleted={onDeleted} />
          </div>
        )}
      </div>
      <div className={panel ? "mt-2 space-y-1 empty:hidden" : "max-w-xs text-end"} aria-live="polite">
        <TestResultMessage test={test} />
        <FetchResultMessage fetch={fetch} />
      </div>
    </div>
  );
}

function DeleteAccountButton({ id, email, emails, documents, onDeleted }: Props & { onDeleted: () => void }) {
  const t = useTranslations("accounts.delete");
  const tActions = useTranslations("common.actions");
  return (
    <ConfirmButton
      label={tActions("delete")}
      title={t("title", { email: isolate(email) })}
      message={t("message", { emails, documents })}
      confirmLabel={t("confirm")}
      onConfirm={async () => {
        await api(`/api/accounts/${id}`, { method: "DELETE" });
        onDeleted();
      }}
    />
  );
}
