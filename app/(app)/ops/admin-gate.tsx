import type { ReactNode } from "react";
import { getTranslations } from "next-intl/server";
import { can } from "@/lib/auth/permissions";
import type { Caller } from "@/lib/auth/users";
import { AdminOnly } from "@/components/admin-only";
import { PageHeader } from "@/components/page-header";

/** An operations page's header, and its content only for those who may manage operations. */
export async function OpsPage({ caller, section, children }: { caller: Caller; section: "queues" | "jobs" | "workers" | "fetching"; children: () => Promise<ReactNode> }) {
  const t = await getTranslations(`ops.${section}`);
  return (
    <>
      <PageHeader title={t("title")} description={t("description")} />
      {can(caller.role, "ops.manage") ? await children() : <AdminOnly permission="ops.manage" />}
    </>
  );
}
