import Link from "next/link";
import { AppNav } from "@/components/app-nav";
import { Logo } from "@/components/logo";
import { SignOutButton } from "@/components/sign-out-button";
import { currentCaller } from "@/lib/web/current-caller";
import { shellNames } from "./caller";

export const dynamic = "force-dynamic";

export default async function AppLayout({ children }: { children: React.ReactNode }) {
  const caller = await currentCaller();
  // Every page redirects to /login (with its own path to come back to); without a session there is no shell to draw.
  if (!caller) return children;
  const names = await shellNames(caller.companyId, caller.userId);
  return (
    <div className="min-h-screen md:flex">
      <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:start-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2 focus:shadow">
        Skip to content
      </a>
      {/* The column stretches to the page's full height; its contents stick to the viewport as the page scrolls. */}
      <aside className="border-b border-slate-200 bg-white md:w-60 md:shrink-0 md:border-e md:border-b-0">
        <div className="md:sticky md:top-0 md:flex md:h-screen md:flex-col md:overflow-y-auto">
          <div className="flex items-center justify-between gap-4 px-4 py-3 md:px-5 md:py-5">
            <Link href="/" className="rounded-md">
              <Logo />
            </Link>
            <div className="md:hidden">
              <SignOutButton />
            </div>
          </div>
          <div className="px-1.5 pb-2 md:flex-1 md:px-3 md:pb-0">
            <AppNav />
          </div>
          <div className="hidden border-t border-slate-200 px-5 py-4 md:block">
            <p className="truncate text-start text-sm font-medium text-slate-900" title={names.company}>
              <bdi>{names.company}</bdi>
            </p>
            <p className="mt-1 truncate text-start text-xs text-slate-600">
              <bdi>{names.user ?? caller.email}</bdi> <span className="text-slate-400">· {caller.role === "admin" ? "admin" : "member"}</span>
            </p>
            {names.user && (
              <p className="truncate text-xs text-slate-500" title={caller.email}>
                {caller.email}
              </p>
            )}
            <div className="-ms-2.5 mt-3">
              <SignOutButton />
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
