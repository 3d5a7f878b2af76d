import { parseBody, route } from "@/lib/http";
import { updateMe } from "@/lib/auth/people";
import { updateMeSchema } from "@/lib/auth/schemas";
import { userJson } from "@/lib/auth/users";
import { LOCALE_COOKIE } from "@/lib/i18n/locales";
import { services } from "@/lib/web/services";

/** `{locale}`: "en", "he", or null (or "", the settings form's “Browser default”) to follow the browser. The cookie keeps the choice on the sign-in page too. */
export const PATCH = route(async (request, { caller }) => {
  const input = await parseBody(request, updateMeSchema);
  const user = await updateMe(services().db, caller, input);
  const response = Response.json({ user: userJson(user) });
  const cookie = input.locale ? `${LOCALE_COOKIE}=${input.locale}; Max-Age=31536000` : `${LOCALE_COOKIE}=; Max-Age=0`;
  response.headers.append("set-cookie", `${cookie}; Path=/; SameSite=Lax`);
  return response;
});
