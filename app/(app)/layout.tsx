import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { AppNav } from "@/components/app-nav";
import { LanguageSwitch } from "@/components/language-switch";
import { NotificationBell } from "@/components/notification-bell";
import { Logo } from "@/components/logo";
import { SignOutButton } from "@/components/sign-out-button";
import { unreadCount } from "@/lib/notifications/queries";
import { currentCaller } from "@/lib/web/current-caller";
import { services } from "@/lib/web/services";
import { can } from "@/lib/auth/permissions";
import { shellNames } from "./caller";

export const dynamic = "force-dynamic";

export default async function AppLayout({ children }: { children: React.ReactNode }) {
  const caller = await currentCaller();
  // Every page redirects to /login (with its own path to come back to); without a session there is no shell to draw.
  if (!caller) return children;
  const [names, t, unread] = await Promise.all([shellNames(caller.companyId, caller.userId), getTranslations("shell"), unreadCount(services().db, caller)]);
  return (
    <div className="min-h-screen md:flex">
      <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:start-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2 focus:shadow">
        {t("skipToContent")}
      </a>
      {/* The column stretches to the page's full height; its contents stick to the viewport as the page scrolls. */}
      <aside className="border-b border-slate-200 bg-white md:w-60 md:shrink-0 md:border-e md:border-b-0">
        {/* A phone's top bar (logo, then sign-out and language at its end) above the tab bar; from md a column whose last block names the person. */}
        <div className="grid grid-cols-[1fr_auto] items-center md:sticky md:top-0 md:flex md:h-screen md:flex-col md:items-stretch md:overflow-y-auto">
          <div className="flex items-center gap-2 px-4 py-3 md:justify-between md:px-5 md:py-5">
            <Link href="/" className="rounded-md">
              <Logo />
            </Link>
            <NotificationBell unread={unread} />
          </div>
          <div className="col-span-2 px-1.5 pb-2 md:flex-1 md:px-3 md:pb-0">
            <AppNav admin={can(caller.role, "schedules.manage")} />
          </div>
          <div className="col-start-2 row-start-1 px-4 md:border-t md:border-slate-200 md:px-5 md:py-4">
            <div className="hidden md:block">
              <p className="truncate text-start text-sm font-medium text-slate-900">
                <bdi title={names.company}>{names.company}</bdi>
              </p>
              <p className="mt-1 truncate text-start text-xs text-slate-600">
                <bdi>{names.user ?? caller.email}</bdi> <span className="text-slate-400">· {t(`roles.${caller.role}`)}</span>
              </p>
              {names.user && (
                <p className="truncate text-start text-xs text-slate-500">
                  <bdi title={caller.email}>{caller.email}</bdi>
                </p>
              )}
            </div>
            <div className="flex flex-row-reverse flex-wrap items-center gap-1 md:mt-3 md:flex-row md:justify-between md:gap-2">
              <div className="md:-ms-2.5">
                <SignOutButton />
              </div>
              <LanguageSwitch signedIn labelClassName="sr-only md:not-sr-only" />
            </div>
          </div>
        </div>
      </aside>
      <main id="main" className="min-w-0 flex-1">
        <div className="mx-auto max-w-6xl px-4 py-6 sm:px-6 md:py-8 lg:px-8">{children}</div>
      </main>
    </div>
  );
}
