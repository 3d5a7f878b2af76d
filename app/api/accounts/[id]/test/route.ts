import { route } from "@/lib/http";
import { getAccount, recordConnectionTest, testAccountConnection, throttleConnectionTests } from "@/lib/accounts/service";
import { services } from "@/lib/web/services";

export const POST = route(async (_req, { caller, params, log }) => {
  const { db, keyring } = services();
  const account = await getAccount(db, caller.companyId, params.id);
  await throttleConnectionTests(db, caller.companyId);
  const result = await testAccountConnection(account, keyring, { log });
  await recordConnectionTest(db, account, result);
  return Response.json(result);
});
