import { getTranslations } from "next-intl/server";
import { can } from "@/lib/auth/permissions";
import { listSchedules } from "@/lib/schedules/service";
import { scheduleDeps } from "@/lib/web/schedules";
import { AdminOnly } from "@/components/admin-only";
import { PageHeader } from "@/components/page-header";
import { requireCaller } from "../../caller";
import { titled } from "../../page-helpers";
import { SchedulesTable } from "./schedules-table";

export const dynamic = "force-dynamic";
export const generateMetadata = titled("schedules");

export default async function SchedulesPage() {
  const caller = await requireCaller("/ops/schedules");
  const t = await getTranslations("schedules");
  if (!can(caller.role, "schedules.manage")) {
    return (
      <>
        <PageHeader title={t("title")} description={t("description")} />
        <AdminOnly permission="schedules.manage" />
      </>
    );
  }
  const schedules = await listSchedules(await scheduleDeps(), caller.companyId);
  return (
    <>
      <PageHeader title={t("title")} description={t("description")} />
      <SchedulesTable initial={schedules} />
    </>
  );
}
