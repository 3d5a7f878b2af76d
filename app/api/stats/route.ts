import { route } from "@/lib/http";
import { companyStats } from "@/lib/stats";
import { services } from "@/lib/web/services";

export const GET = route(async (_req, { caller }) => Response.json(await companyStats(services().db, caller.companyId)));
