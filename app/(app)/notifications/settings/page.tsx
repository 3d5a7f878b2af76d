import { getTranslations } from "next-intl/server";
import { PageHeader } from "@/components/page-header";
import { getPreferences } from "@/lib/notifications/queries";
import { services } from "@/lib/web/services";
import { requireCaller } from "../../caller";
import { titled } from "../../page-helpers";
import { PreferencesForm } from "./preferences-form";

export const dynamic = "force-dynamic";

export const generateMetadata = titled("notifications.settings");

export default async function NotificationSettingsPage() {
  const caller = await requireCaller("/notifications/settings");
  const t = await getTranslations("notifications.settings");
  const { preferences } = await getPreferences(services().db, caller);
  return (
    <>
      <PageHeader title={t("title")} description={t("subtitle")} back={{ href: "/notifications", label: t("back") }} />
      <PreferencesForm preferences={preferences} />
    </>
  );
}
