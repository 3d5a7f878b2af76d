import { publicRoute } from "@/lib/http";
import { checkHealth } from "@/lib/health";
import { getDb } from "@/lib/db/client";

export const dynamic = "force-dynamic";

export const GET = publicRoute(async () => {
  const health = await checkHealth(getDb());
  return Response.json(health, { status: health.status === "ok" ? 200 : 503 });
});
