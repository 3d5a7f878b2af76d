import type { Metadata, Viewport } from "next";
import { NextIntlClientProvider } from "next-intl";
import { getLocale, getTranslations } from "next-intl/server";
import { direction } from "@/lib/i18n/locales";
import "./globals.css";

// The logo as an inline SVG favicon; app/favicon.ico is the same logo for browsers that ask for that file anyway.
const ICON =
  "data:image/svg+xml," +
  encodeURIComponent(
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="7" fill="#4f46e5"/><path d="M8 12l8 5.5 8-5.5M9 9.5h14a1.5 1.5 0 011.5 1.5v10a1.5 1.5 0 01-1.5 1.5H9A1.5 1.5 0 017.5 21V11A1.5 1.5 0 019 9.5z" fill="none" stroke="#fff" stroke-width="2" stroke-linecap="round" stroke-linejoin="round"/></svg>`,
  );

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("common");
  return { title: { default: "Mailroom", template: "%s · Mailroom" }, description: t("tagline"), icons: { icon: ICON } };
}

export const viewport: Viewport = { themeColor: "#4f46e5" };

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  const locale = await getLocale();
  return (
    <html lang={locale} dir={direction(locale)}>
      <body className="min-h-screen bg-slate-50 text-slate-900 antialiased">
        <NextIntlClientProvider>{children}</NextIntlClientProvider>
      </body>
    </html>
  );
}
