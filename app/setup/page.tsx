import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { hasAnyUser } from "@/lib/auth/users";
import { services } from "@/lib/web/services";
import { AuthCard } from "@/components/auth-card";
import { SetupForm } from "./setup-form";
import { TIME_ZONES } from "@/lib/company/schemas";

export const dynamic = "force-dynamic";

export async function generateMetadata() {
  const t = await getTranslations("auth.setup");
  return { title: { absolute: t("title") } };
}

export default async function SetupPage() {
  if (await hasAnyUser(services().db)) redirect("/login");
  const t = await getTranslations("auth.setup");
  return (
    <AuthCard title={t("title")} description={t("description")}>
      <SetupForm zones={TIME_ZONES} />
    </AuthCard>
  );
}
