"use client";

import Link from "next/link";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { Bar, BarChart, CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { api } from "@/components/api-client";
import { Button } from "@/components/button";
import { FormError } from "@/components/form-fields";
import { Table, Tbody, Td, Th } from "@/components/table";
import { useAction } from "@/components/use-action";
import { useFormat } from "@/components/format";
import { JOB_STATES, type QueueRow, type ThroughputPoint } from "@/lib/ops/schemas";

/** The queue table (counts by state, run now) and the last day's throughput and failure rate. */
export function QueuesView({ queues, throughput }: { queues: QueueRow[]; throughput: ThroughputPoint[] }) {
  const t = useTranslations("ops.queues");
  const ts = useTranslations("ops.states");
  const format = useFormat();
  const action = useAction();
  const [notice, setNotice] = useState<string | null>(null);
  const points = throughput.map((p) => ({ ...p, label: p.hour.slice(11, 16), failure_percent: Math.round(p.failure_rate * 1000) / 10 }));
  return (
    <div className="space-y-6">
      {notice && (
        <p role="status" className="text-sm text-slate-700">
          {notice}
        </p>
      )}
      <FormError message={action.error} />
      <Table label={t("title")}>
        <thead>
          <tr>
            <Th>{t("queue")}</Th>
            {JOB_STATES.map((s) => (
              <Th key={s} className="text-end">
                {ts(s)}
              </Th>
            ))}
            <Th>
              <span className="sr-only">{t("actions")}</span>
            </Th>
          </tr>
        </thead>
        <Tbody>
          {queues.map((q) => (
            <tr key={q.name} data-queue={q.name}>
              <Td>
                <Link href={`/ops/jobs?queue=${encodeURIComponent(q.name)}`} className="font-mono text-xs text-indigo-700 hover:underline">
                  {q.name}
                </Link>
              </Td>
              {JOB_STATES.map((s) => (
                <Td key={s} className={`text-end tabular-nums ${s === "failed" && q.counts[s] > 0 ? "font-semibold text-red-700" : ""}`}>
                  {s === "failed" || s === "retry" ? (
                    <Link href={`/ops/jobs?queue=${encodeURIComponent(q.name)}&state=${s}`} className="hover:underline">
                      {format.number(q.counts[s])}
                    </Link>
                  ) : (
                    format.number(q.counts[s])
                  )}
                </Td>
              ))}
              <Td className="whitespace-nowrap">
                {q.runnable && (
                  <Button size="sm" variant="secondary" disabled={action.busy} onClick={() => action.run(async () => {
                    await api(`/api/ops/run/${encodeURIComponent(q.name)}`, { method: "POST" });
                    setNotice(t("queued", { name: q.name }));
                  })}>
                    {t("runNow")}
                  </Button>
                )}
              </Td>
            </tr>
          ))}
        </Tbody>
      </Table>
      <div className="grid gap-6 lg:grid-cols-2">
        <figure className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
          <figcaption className="mb-2 text-sm font-medium text-slate-700">{t("throughput")}</figcaption>
          <div className="h-56" dir="ltr">
            <ResponsiveContainer width="100%" height="100%">
              <BarChart data={points}>
                <CartesianGrid strokeDasharray="3 3" vertical={false} />
                <XAxis dataKey="label" fontSize={11} interval={3} />
                <YAxis allowDecimals={false} fontSize={11} width={32} />
                <Tooltip />
                <Bar dataKey="completed" name={ts("completed")} stackId="a" fill="#4f46e5" />
                <Bar dataKey="failed" name={ts("failed")} stackId="a" fill="#dc2626" />
              </BarChart>
            </ResponsiveContainer>
          </div>
        </figure>
        <figure className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
          <figcaption className="mb-2 text-sm font-medium text-slate-700">{t("failureRate")}</figcaption>
          <div className="h-56" dir="ltr">
            <ResponsiveContainer width="100%" height="100%">
              <LineChart data={points}>
                <CartesianGrid strokeDasharray="3 3" vertical={false} />
                <XAxis dataKey="label" fontSize={11} interval={3} />
                <YAxis unit="%" domain={[0, 100]} fontSize={11} width={40} />
                <Tooltip />
                <Line type="monotone" dataKey="failure_percent" name={ts("failed")} stroke="#dc2626" dot={false} unit="%" />
              </LineChart>
            </ResponsiveContainer>
          </div>
        </figure>
      </div>
    </div>
  );
}
