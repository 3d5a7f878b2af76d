import { parseQuery, route } from "@/lib/http";
import { companyStats } from "@/lib/stats";
import { dashboardSeries } from "@/lib/stats/series";
import { statsQuerySchema } from "@/lib/stats/schemas";
import { services } from "@/lib/web/services";

export const GET = route(async (request, { caller }) => {
  const { include } = parseQuery(request, statsQuerySchema);
  const { db } = services();
  const [totals, series] = await Promise.all([companyStats(db, caller.companyId), include === "series" ? dashboardSeries(db, caller.companyId) : undefined]);
  return Response.json({ ...totals, ...series });
});
