"use client";

import { useTransition } from "react";
import { useRouter } from "next/navigation";
import { useLocale, useTranslations } from "next-intl";
import { LOCALE_COOKIE, LOCALE_NAMES, LOCALES, isLocale, type Locale } from "@/lib/i18n/locales";
import { api } from "./api-client";

/**
 * The interface's language. Signed in, the choice is the person's own (saved on their account, so it
 * follows them to any browser); signed out, this browser remembers it. `labelClassName` may keep the
 * label for screen readers only where space is short (the phone's top bar).
 */
export function LanguageSwitch({ signedIn, labelClassName }: { signedIn: boolean; labelClassName?: string }) {
  const t = useTranslations("common.language");
  const locale = useLocale();
  const router = useRouter();
  const [pending, startTransition] = useTransition();

  async function choose(next: Locale) {
    if (signedIn) await api("/api/me", { method: "PATCH", body: { locale: next } }).catch(() => undefined);
    document.cookie = `${LOCALE_COOKIE}=${next}; Path=/; Max-Age=31536000; SameSite=Lax`;
    startTransition(() => router.refresh());
  }

  return (
    <label className="inline-flex items-center gap-2 text-xs text-slate-600">
      <span className={labelClassName}>{t("label")}</span>
      <select
        value={locale}
        disabled={pending}
        onChange={(e) => isLocale(e.target.value) && void choose(e.target.value)}
        className="rounded-md border-0 bg-transparent py-1 ps-2 pe-7 text-xs text-slate-700 ring-1 ring-slate-300 focus:ring-2 focus:ring-indigo-600 focus:outline-none"
      >
        {LOCALES.map((l) => (
          <option key={l} value={l} lang={l}>
            {LOCALE_NAMES[l]}
          </option>
        ))}
      </select>
    </label>
  );
}
