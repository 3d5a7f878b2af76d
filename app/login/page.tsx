import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { hasAnyUser } from "@/lib/auth/users";
import { sessionCaller } from "@/lib/http";
import { services } from "@/lib/web/services";
import { AuthCard } from "@/components/auth-card";
import { LoginForm } from "./login-form";

export const dynamic = "force-dynamic";

export async function generateMetadata() {
  const t = await getTranslations("auth.login");
  return { title: t("title") };
}

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  if (!(await hasAnyUser(services().db))) redirect("/setup");
  const params = await searchParams;
  const next = safeNext(params.callbackUrl);
  if (await sessionCaller()) redirect(next);
  const t = await getTranslations("auth.login");
  return (
    <AuthCard title={t("title")} description={t("description")}>
      <LoginForm next={next} />
    </AuthCard>
  );
}

/** Only same-site paths: next-auth passes absolute URLs, and an open redirect is a phishing aid. */
function safeNext(value: string | string[] | undefined): string {
  const raw = Array.isArray(value) ? value[0] : value;
  if (!raw) return "/";
  try {
    const url = new URL(raw, "http://x");
    const path = url.pathname + url.search;
    return path.startsWith("/") && !path.startsWith("//") && !path.startsWith("/login") && !path.startsWith("/api/") ? path : "/";
  } catch {
    return "/";
  }
}
