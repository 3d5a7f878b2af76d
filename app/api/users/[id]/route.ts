import { parseBody, route } from "@/lib/http";
import { deleteUser, updateUser } from "@/lib/auth/people";
import { userJson } from "@/lib/auth/users";
import { updateUserSchema } from "@/lib/auth/schemas";
import { services } from "@/lib/web/services";

/** `{role?, disabled?}`; disabling ends the person's sessions and deletes their tokens. */
export const PATCH = route(async (request, { caller, params }) => {
  const input = await parseBody(request, updateUserSchema);
  return Response.json(userJson(await updateUser(services().db, caller.companyId, params.id, input)));
}, { may: "people.manage" });

export const DELETE = route(async (_req, { caller, params }) => {
  await deleteUser(services().db, caller.companyId, params.id);
  return Response.json({ deleted: true });
}, { may: "people.manage" });
