"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { api } from "@/components/api-client";
import { Button } from "@/components/button";
import { FormError } from "@/components/form-fields";
import { announceNotificationsChanged } from "@/components/notification-events";
import { RelativeTime } from "@/components/time";
import { useAction } from "@/components/use-action";
import type { NotificationJson } from "@/lib/notifications/schemas";

type Item = NotificationJson & { text: string };

/** The page's notifications: unread ones marked; opening one, or "Mark read", marks it read. */
export function NotificationList({ items, unread }: { items: Item[]; unread: number }) {
  const t = useTranslations("notifications.page");
  const router = useRouter();
  const { busy, error, run } = useAction();

  const markRead = (id: string) =>
    run(async () => {
      await api(`/api/notifications/${id}/read`, { method: "POST" });
      announceNotificationsChanged();
      router.refresh();
    });
  const markAll = () =>
    run(async () => {
      await api("/api/notifications/read-all", { method: "POST" });
      announceNotificationsChanged();
      router.refresh();
    });

  return (
    <div className="space-y-3">
      {unread > 0 && (
        <div className="flex justify-end">
          <Button variant="secondary" size="sm" onClick={markAll} disabled={busy}>
            {t("markAllRead")}
          </Button>
        </div>
      )}
      <FormError message={error} />
      <ul className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white" data-testid="notification-list">
        {items.map((n) => (
          <li key={n.id} className={`flex items-start gap-3 px-4 py-3 ${n.read_at ? "" : "bg-indigo-50/60"}`} data-unread={n.read_at ? undefined : "true"}>
            <span aria-hidden className={`mt-2 size-2 shrink-0 rounded-full ${n.read_at ? "bg-transparent" : "bg-indigo-600"}`} />
            <div className="min-w-0 flex-1">
              {n.read_at ? null : <span className="sr-only">{t("unread")}: </span>}
              {n.link ? (
                <Link href={n.link} onClick={() => !n.read_at && void markRead(n.id)} className={`text-start text-sm hover:text-indigo-700 hover:underline ${n.read_at ? "text-slate-700" : "font-medium text-slate-900"}`}>
                  <bdi>{n.text}</bdi>
                </Link>
              ) : (
                <p className={`text-sm ${n.read_at ? "text-slate-700" : "font-medium text-slate-900"}`}>
                  <bdi>{n.text}</bdi>
                </p>
              )}
              <p className="mt-0.5 text-xs text-slate-500">
                <RelativeTime value={n.created_at} />
              </p>
            </div>
            {!n.read_at && (
              <Button variant="ghost" size="sm" onClick={() => markRead(n.id)} disabled={busy}>
                {t("markRead")}
              </Button>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}
