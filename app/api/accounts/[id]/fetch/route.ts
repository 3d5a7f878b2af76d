import { route } from "@/lib/http";
import { getAccount } from "@/lib/accounts/service";
import { accountFetchJob } from "@/lib/accounts/schemas";
import { enqueue } from "@/lib/queue";
import { services } from "@/lib/web/services";

export const POST = route(async (_req, { caller, params }) => {
  const { db, boss } = services();
  const account = await getAccount(db, caller.companyId, params.id);
  const jobId = await enqueue(await boss(), accountFetchJob, { account_id: account.id, company_id: caller.companyId }, { singletonKey: account.id });
  // null: a fetch for this account is already waiting, which will pick up the new mail too.
  return Response.json({ job_id: jobId, already_queued: jobId === null }, { status: 202 });
});
