import { route } from "@/lib/http";
import { getAccount, testAccountConnection } from "@/lib/accounts/service";
import { services } from "@/lib/web/services";

export const POST = route(async (_req, { caller, params }) => {
  const { db, keyring } = services();
  const account = await getAccount(db, caller.companyId, params.id);
  return Response.json(await testAccountConnection(account, keyring));
});
