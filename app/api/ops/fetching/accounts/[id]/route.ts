import { parseBody, route } from "@/lib/http";
import { setAccountFetching } from "@/lib/ops/flags";
import { setFetchingSchema } from "@/lib/ops/schemas";
import { getDb } from "@/lib/db/client";
import { idParam } from "@/lib/ops/params";

/** `{paused}` stops or restarts fetching for one mailbox; a running fetch stops between stored batches. */
export const PUT = route(
  async (request, { caller, params, log }) => {
    const id = idParam(params.id, "accounts");
    const { paused } = await parseBody(request, setFetchingSchema);
    const state = await setAccountFetching(getDb(), caller.companyId, id, paused);
    log.info({ accountId: id, paused, by: caller.userId }, "mailbox fetching switched");
    return Response.json(state);
  },
  { may: "ops.manage" },
);
