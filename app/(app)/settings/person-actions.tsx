"use client";

import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { api } from "@/components/api-client";
import { Button } from "@/components/button";
import { ConfirmButton } from "@/components/confirm-dialog";
import { useAction } from "@/components/use-action";
import type { UpdateUserInput, User } from "@/lib/auth/schemas";
import { RICH } from "./section";

/** Role, disable/enable and remove for one person; each is one click (the last two confirmed). */
export function PersonActions({ user }: { user: User }) {
  const t = useTranslations("settings.people");
  const router = useRouter();
  const { busy, error, run } = useAction();
  const name = user.name || user.email;
  const patch = async (body: UpdateUserInput) => {
    await api(`/api/users/${user.id}`, { method: "PATCH", body });
    router.refresh();
  };
  const remove = async () => {
    await api(`/api/users/${user.id}`, { method: "DELETE" });
    router.refresh();
  };

  return (
    <div className="flex flex-col items-end gap-1">
      <div className="flex justify-end gap-1">
        <Button variant="ghost" size="sm" disabled={busy} onClick={() => run(() => patch({ role: user.role === "admin" ? "member" : "admin" }))}>
          {t.rich(user.role === "admin" ? "makeMember" : "makeAdmin", { name, ...RICH })}
        </Button>
        {user.disabled ? (
          <Button variant="ghost" size="sm" disabled={busy} onClick={() => run(() => patch({ disabled: false }))}>
            {t.rich("enable", { name, ...RICH })}
          </Button>
        ) : (
          <ConfirmButton label={t.rich("disable", { name, ...RICH })} title={t("disableTitle", { name })} message={t("disableMessage")} confirmLabel={t("disableConfirm")} onConfirm={() => patch({ disabled: true })} />
        )}
        <ConfirmButton label={t.rich("remove", { name, ...RICH })} title={t("removeTitle", { name })} message={t("removeMessage")} confirmLabel={t("removeConfirm")} onConfirm={remove} />
      </div>
      {error && (
        <p role="alert" className="max-w-xs text-end text-xs text-red-700">
          {error}
        </p>
      )}
    </div>
  );
}
