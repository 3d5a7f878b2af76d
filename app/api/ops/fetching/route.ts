import { parseBody, route } from "@/lib/http";
import { getFetching, setCompanyFetching } from "@/lib/ops/flags";
import { setFetchingSchema } from "@/lib/ops/schemas";
import { getDb } from "@/lib/db/client";

/** The company's fetching switch and each mailbox's: `{paused, paused_at, accounts}`. */
export const GET = route(async (_req, { caller }) => Response.json(await getFetching(getDb(), caller.companyId)), { may: "ops.manage" });

/** `{paused}` stops or restarts fetching for every mailbox of the company; workers obey within seconds. */
export const PUT = route(
  async (request, { caller, log }) => {
    const { paused } = await parseBody(request, setFetchingSchema);
    const state = await setCompanyFetching(getDb(), caller.companyId, paused);
    log.info({ paused, by: caller.userId }, "company fetching switched");
    return Response.json(state);
  },
  { may: "ops.manage" },
);
