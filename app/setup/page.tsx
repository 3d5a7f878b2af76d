import { redirect } from "next/navigation";
import { hasAnyUser } from "@/lib/auth/users";
import { services } from "@/lib/web/services";
import { AuthCard } from "@/components/auth-card";
import { SetupForm } from "./setup-form";

export const dynamic = "force-dynamic";
export const metadata = { title: "Set up Mailroom" };

export default async function SetupPage() {
  if (await hasAnyUser(services().db)) redirect("/login");
  return (
    <AuthCard title="Set up Mailroom" description="Create your company and the first admin account. You can invite others later.">
      <SetupForm />
    </AuthCard>
  );
}
