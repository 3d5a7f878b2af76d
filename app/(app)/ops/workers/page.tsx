import { getTranslations } from "next-intl/server";
import { listWorkers } from "@/lib/ops/workers";
import { scheduleWarnings } from "@/lib/ops/warnings";
import { scheduleDeps } from "@/lib/web/schedules";
import { formatBytes } from "@/components/format";
import { Table, Tbody, Td, Th } from "@/components/table";
import { DateTime, RelativeTime } from "@/components/time";
import { requireCaller } from "../../caller";
import { titled } from "../../page-helpers";
import { OpsPage } from "../admin-gate";

export const dynamic = "force-dynamic";
export const generateMetadata = titled("ops.workers");

export default async function WorkersPage() {
  const caller = await requireCaller("/ops/workers");
  const t = await getTranslations("ops.workers");
  return (
    <OpsPage caller={caller} section="workers">
      {async () => {
        const deps = await scheduleDeps();
        const workers = await listWorkers(deps.db);
        const warnings = await scheduleWarnings(deps, workers, caller.companyId);
        return (
          <div className="space-y-4">
            {warnings.map((w) => (
              <p key={w.code === "cron_missed" ? w.name : w.code} role="alert" data-warning={w.code} className="rounded-lg border border-amber-200 bg-amber-50 px-4 py-3 text-sm text-amber-900">
                {w.code === "no_worker" ? t("noWorker") : t("cronMissed", { name: w.name, at: new Date(w.due_at).toLocaleString(caller.locale ?? "en") })}
              </p>
            ))}
            {workers.length === 0 ? (
              <p className="text-sm text-slate-600">{t("none")}</p>
            ) : (
              <Table label={t("title")}>
                <thead>
                  <tr>
                    <Th>{t("host")}</Th>
                    <Th>{t("pid")}</Th>
                    <Th>{t("version")}</Th>
                    <Th>{t("started")}</Th>
                    <Th className="text-end">{t("inFlight")}</Th>
                    <Th className="text-end">{t("memory")}</Th>
                    <Th>{t("lastHeartbeat")}</Th>
                    <Th>{t("state")}</Th>
                  </tr>
                </thead>
                <Tbody>
                  {workers.map((w) => (
                    <tr key={w.id} data-worker={w.id}>
                      <Td>
                        <bdi className="font-mono text-xs">{w.host}</bdi>
                      </Td>
                      <Td className="tabular-nums">{w.pid}</Td>
                      <Td>{w.version ?? "—"}</Td>
                      <Td>
                        <DateTime value={w.started_at} />
                      </Td>
                      <Td className="text-end tabular-nums">{w.jobs_in_flight}</Td>
                      <Td className="text-end tabular-nums">{formatBytes(w.rss_bytes, caller.locale ?? "en")}</Td>
                      <Td>
                        <RelativeTime value={w.last_heartbeat_at} />
                      </Td>
                      <Td className={w.state === "running" ? "text-emerald-700" : w.state === "missing" ? "text-red-700" : "text-slate-500"}>{t(w.state)}</Td>
                    </tr>
                  ))}
                </Tbody>
              </Table>
            )}
          </div>
        );
      }}
    </OpsPage>
  );
}
