import { route } from "@/lib/http";
import { accountStats } from "@/lib/accounts/service";
import { services } from "@/lib/web/services";

export const GET = route(async (_req, { caller, params }) => Response.json(await accountStats(services().db, caller.companyId, params.id)));
