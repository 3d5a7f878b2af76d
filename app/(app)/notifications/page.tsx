import { getLocale, getTranslations } from "next-intl/server";
import { ButtonLink } from "@/components/button";
import { EmptyState } from "@/components/empty-state";
import { PageHeader } from "@/components/page-header";
import { Pager } from "@/components/pager";
import { isLocale } from "@/lib/i18n/locales";
import { listNotifications } from "@/lib/notifications/queries";
import { notificationText } from "@/lib/notifications/render";
import { services } from "@/lib/web/services";
import { requireCaller } from "../caller";
import { orNotFound, titled } from "../page-helpers";
import { NotificationList } from "./notification-list";

export const dynamic = "force-dynamic";

export const generateMetadata = titled("notifications.page");

const PAGE_SIZE = 20;

export default async function NotificationsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const raw = await searchParams;
  const cursor = typeof raw.cursor === "string" && raw.cursor ? raw.cursor : undefined;
  const caller = await requireCaller(cursor ? `/notifications?cursor=${encodeURIComponent(cursor)}` : "/notifications");
  const [t, locale] = await Promise.all([getTranslations("notifications.page"), getLocale()]);
  const page = await orNotFound(listNotifications(services().db, caller, { limit: PAGE_SIZE, cursor }));
  // Worded here, in the reader's language, from each notification's event and numbers.
  const items = page.items.map((n) => ({ ...n, text: notificationText(isLocale(locale) ? locale : "en", n.event, n.data) }));
  return (
    <>
      <PageHeader
        title={t("title")}
        description={t("subtitle")}
        actions={
          <ButtonLink href="/notifications/settings" variant="secondary" size="sm">
            {t("settings")}
          </ButtonLink>
        }
      />
      {items.length === 0 && !cursor ? (
        <EmptyState title={t("emptyTitle")} description={t("emptyBody")} />
      ) : (
        <>
          <NotificationList items={items} unread={page.unread} />
          <Pager first={cursor ? "/notifications" : null} next={page.next_cursor ? `/notifications?cursor=${page.next_cursor}` : null} />
        </>
      )}
    </>
  );
}
