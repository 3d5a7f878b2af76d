"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";
import { api } from "@/components/api-client";
import { Button } from "@/components/button";
import { FormError } from "@/components/form-fields";
import { Table, Tbody, Td, Th } from "@/components/table";
import { DateTime, RelativeTime } from "@/components/time";
import { useAction } from "@/components/use-action";
import type { ScheduleRow, SyncResult } from "@/lib/schedules/schemas";
import { ExpressionForm } from "./expression-form";

type Updated = { schedule: ScheduleRow; sync: SyncResult };

/** Every cron job with its next and last run; an admin changes, pauses, resumes or runs each. */
export function SchedulesTable({ initial }: { initial: ScheduleRow[] }) {
  const t = useTranslations("schedules");
  const [rows, setRows] = useState(initial);
  const [sync, setSync] = useState<SyncResult | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const action = useAction();
  const replace = (u: Updated) => {
    setRows((all) => all.map((r) => (r.name === u.schedule.name ? u.schedule : r)));
    setSync(u.sync);
  };
  const patch = (name: string, body: object) => api<Updated>(`/api/ops/schedules/${encodeURIComponent(name)}`, { method: "PATCH", body });

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center gap-3">
        <Button variant="secondary" disabled={action.busy} onClick={() => action.run(async () => setSync(await api<SyncResult>("/api/ops/schedules/sync", { method: "POST" })))}>
          {t("syncNow")}
        </Button>
        {sync && (
          <p role="status" className="text-sm text-slate-700">
            {t("synced", sync)}
          </p>
        )}
        {notice && (
          <p role="status" className="text-sm text-slate-700">
            {notice}
          </p>
        )}
        <FormError message={action.error} />
      </div>
      <Table label={t("title")}>
        <thead className="bg-slate-50">
          <tr>
            <Th>{t("job")}</Th>
            <Th>{t("expression")}</Th>
            <Th>{t("timeZone")}</Th>
            <Th>{t("nextRun")}</Th>
            <Th>{t("lastRun")}</Th>
            <Th>
              <span className="sr-only">{t("actions")}</span>
            </Th>
          </tr>
        </thead>
        <Tbody>
          {rows.map((r) => (
            <tr key={r.name} data-schedule={r.name} className="align-top">
              <Td>
                <span className="font-mono text-xs text-slate-900">{r.name}</span>
                {r.per_company && <span className="block text-xs text-slate-500">{t("perCompany")}</span>}
              </Td>
              <Td>
                <ExpressionForm row={r} onSave={(expression) => patch(r.name, { expression }).then(replace)} />
              </Td>
              <Td>
                <bdi>{r.time_zone}</bdi>
              </Td>
              <Td>{r.paused ? <span className="text-amber-700">{t("paused")}</span> : <DateTime value={r.next_run} />}</Td>
              <Td>
                <LastRun run={r.last_run} />
              </Td>
              <Td className="whitespace-nowrap">
                <div className="flex gap-2">
                  <Button size="sm" variant="secondary" disabled={action.busy} onClick={() => action.run(async () => replace(await patch(r.name, { paused: !r.paused })))}>
                    {r.paused ? t("resume") : t("pause")}
                  </Button>
                  <Button
                    size="sm"
                    variant="secondary"
                    disabled={action.busy}
                    onClick={() =>
                      action.run(async () => {
                        await api(`/api/ops/schedules/${encodeURIComponent(r.name)}/run`, { method: "POST" });
                        setNotice(t("queued", { name: r.name }));
                      })
                    }
                  >
                    {t("runNow")}
                  </Button>
                </div>
              </Td>
            </tr>
          ))}
        </Tbody>
      </Table>
    </div>
  );
}

function LastRun({ run }: { run: ScheduleRow["last_run"] }) {
  const t = useTranslations("schedules");
  if (!run) return <span className="text-slate-400">{t("never")}</span>;
  const failed = run.state === "failed";
  return (
    <div className="space-y-1">
      <span className={failed ? "font-medium text-red-700" : "text-emerald-700"}>{failed ? t("failed") : t("completed")}</span> <RelativeTime value={run.finished_at} />
      {run.output != null && (
        <pre dir="ltr" className="max-w-xs overflow-x-auto rounded bg-slate-50 p-1 text-start text-xs text-slate-600">
          {summary(run.output)}
        </pre>
      )}
    </div>
  );
}

/** A job's output in a line: its counts as they are, an error by its message. */
function summary(output: unknown): string {
  if (output && typeof output === "object" && "message" in output) return String((output as { message: unknown }).message);
  return JSON.stringify(output);
}
