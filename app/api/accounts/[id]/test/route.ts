import { route } from "@/lib/http";
import { getAccount, recordConnectionTest, testAccountConnection } from "@/lib/accounts/service";
import { services } from "@/lib/web/services";

export const POST = route(async (_req, { caller, params }) => {
  const { db, keyring } = services();
  const account = await getAccount(db, caller.companyId, params.id);
  const result = await testAccountConnection(account, keyring);
  await recordConnectionTest(db, account, result);
  return Response.json(result);
});
