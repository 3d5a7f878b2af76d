import { parseBody, route } from "@/lib/http";
import { changePassword } from "@/lib/auth/people";
import { changePasswordSchema } from "@/lib/auth/schemas";
import { services } from "@/lib/web/services";

/** `{current_password, new_password}`; every session of the caller ends, so the browser signs in again. */
export const POST = route(async (request, { caller }) => {
  const input = await parseBody(request, changePasswordSchema);
  await changePassword(services().db, caller, input);
  return Response.json({ changed: true });
});
