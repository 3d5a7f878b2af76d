import { cache } from "react";
import { redirect } from "next/navigation";
import { currentCaller } from "@/lib/web/current-caller";
import { hasAnyUser, shellNames as readShellNames } from "@/lib/auth/users";
import { services } from "@/lib/web/services";

/**
 * The signed-in caller, or a redirect: to /setup before anyone exists, else to /login,
 * which brings the person back to `here` (the page's own path) after signing in.
 */
export async function requireCaller(here: string) {
  const caller = await currentCaller();
  if (caller) return caller;
  if (!(await hasAnyUser(services().db))) redirect("/setup");
  redirect(here === "/" ? "/login" : `/login?callbackUrl=${encodeURIComponent(here)}`);
}

/** Names for the shell: the company and the person. */
export const shellNames = cache((companyId: string, userId: string) => readShellNames(services().db, { companyId, userId }));
