import { parseBody, route } from "@/lib/http";
import { accountJson, createAccount, listAccounts } from "@/lib/accounts/service";
import { createAccountSchema } from "@/lib/accounts/schemas";
import { services } from "@/lib/web/services";
import { env } from "@/lib/env";

export const GET = route(async (_req, { caller }) => {
  const items = await listAccounts(services().db, caller.companyId);
  return Response.json({ items, next_cursor: null });
});

export const POST = route(async (request, { caller }) => {
  const input = await parseBody(request, createAccountSchema);
  const { db, keyring } = services();
  const account = await createAccount(db, keyring, caller.companyId, input, { maxAccounts: env().MAX_ACCOUNTS_PER_COMPANY });
  return Response.json(accountJson(account), { status: 201 });
}, { may: "accounts.manage" });
