import { parseBody, route } from "@/lib/http";
import { accountJson, deleteAccount, getAccount, updateAccount } from "@/lib/accounts/service";
import { updateAccountSchema } from "@/lib/accounts/schemas";
import { services } from "@/lib/web/services";

export const GET = route(async (_req, { caller, params }) => {
  return Response.json(accountJson(await getAccount(services().db, caller.companyId, params.id)));
});

export const PATCH = route(async (request, { caller, params }) => {
  const input = await parseBody(request, updateAccountSchema);
  const { db, keyring } = services();
  return Response.json(accountJson(await updateAccount(db, keyring, caller.companyId, params.id, input)));
}, { may: "accounts.manage" });

export const DELETE = route(async (_req, { caller, params }) => {
  const { db, storage } = services();
  const result = await deleteAccount(db, storage, caller.companyId, params.id);
  return Response.json({ deleted: true, files_removed: result.files });
}, { may: "accounts.manage" });
