import { timingSafeEqual } from "node:crypto";
import type { Registry } from "prom-client";
import { publicRoute } from "@/lib/http";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { getDb } from "@/lib/db/client";
import { createMetricsRegistry } from "@/lib/ops/metrics";

export const dynamic = "force-dynamic";

const g = globalThis as unknown as { mailroomMetrics?: Registry };

/**
 * Prometheus text for the whole instance (lib/ops/metrics.ts), only for `Authorization: Bearer
 * <METRICS_TOKEN>`. The figures span every company, so with no token set there are none to give.
 */
export const GET = publicRoute(async (request) => {
  const token = env().METRICS_TOKEN;
  if (!token) throw new AppError("metrics.off", "Metrics are off: set METRICS_TOKEN and send it as Authorization: Bearer …", { status: 404 });
  if (!bearerMatches(request.headers.get("authorization"), token)) {
    throw new AppError("metrics.unauthorized", "Send METRICS_TOKEN as Authorization: Bearer …", { status: 401 });
  }
  // One registry per process: the default process metrics keep state between scrapes.
  g.mailroomMetrics ??= createMetricsRegistry(getDb);
  const body = await g.mailroomMetrics.metrics();
  return new Response(body, { headers: { "content-type": g.mailroomMetrics.contentType, "cache-control": "no-store" } });
});

function bearerMatches(header: string | null, token: string): boolean {
  if (!header?.toLowerCase().startsWith("bearer ")) return false;
  const given = Buffer.from(header.slice(7).trim());
  const wanted = Buffer.from(token);
  return given.length === wanted.length && timingSafeEqual(given, wanted);
}
