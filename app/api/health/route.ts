import { publicRoute, resolveCaller } from "@/lib/http";
import { checkHealth, publicHealth } from "@/lib/health";
import { getDb } from "@/lib/db/client";

export const dynamic = "force-dynamic";

/** Anyone sees status, db and queue; workers and problems only an admin (session or token). */
export const GET = publicRoute(async (request) => {
  const health = await checkHealth(getDb());
  // A failed caller lookup (the database is down) still gets the public answer, never a 500.
  const caller = health.db === "ok" ? await resolveCaller(request).catch(() => null) : null;
  const body = caller?.role === "admin" ? health : publicHealth(health);
  return Response.json(body, { status: health.status === "ok" ? 200 : 503 });
});
