"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { api } from "@/components/api-client";
import { Button } from "@/components/button";
import { FormError, SelectField } from "@/components/form-fields";
import { Table, Tbody, Td, Th } from "@/components/table";
import { RelativeTime } from "@/components/time";
import { useAction } from "@/components/use-action";
import { JOB_STATES, type JobSummary } from "@/lib/ops/schemas";
import { JobStateBadge } from "./job-state";

type Page = { items: JobSummary[]; next_cursor: string | null };

/** Jobs filtered by queue and state (the filters live in the address), newest first, more on demand. */
export function JobsList({ queues, filter, initial }: { queues: string[]; filter: { queue: string; state: string }; initial: Page }) {
  const t = useTranslations("ops.jobs");
  const ts = useTranslations("ops.states");
  const router = useRouter();
  const action = useAction();
  const [items, setItems] = useState(initial.items);
  const [cursor, setCursor] = useState(initial.next_cursor);
  const go = (next: { queue: string; state: string }) => {
    const q = new URLSearchParams(Object.entries(next).filter(([, v]) => v));
    router.push(`/ops/jobs${q.size ? `?${q}` : ""}`);
  };
  const more = () =>
    action.run(async () => {
      const q = new URLSearchParams(Object.entries({ ...filter, cursor: cursor ?? "" }).filter(([, v]) => v));
      const page = await api<Page>(`/api/ops/jobs?${q}`);
      setItems((all) => [...all, ...page.items]);
      setCursor(page.next_cursor);
    });
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap gap-4">
        <SelectField label={t("queue")} name="queue" value={filter.queue} onChange={(e) => go({ ...filter, queue: e.target.value })} options={[{ value: "", label: t("any") }, ...queues.map((q) => ({ value: q, label: q }))]} />
        <SelectField label={t("state")} name="state" value={filter.state} onChange={(e) => go({ ...filter, state: e.target.value })} options={[{ value: "", label: t("any") }, ...JOB_STATES.map((s) => ({ value: s, label: ts(s) }))]} />
      </div>
      {items.length === 0 ? (
        <p className="text-sm text-slate-600">{t("none")}</p>
      ) : (
        <Table label={t("title")}>
          <thead>
            <tr>
              <Th>{t("queue")}</Th>
              <Th>{t("state")}</Th>
              <Th>{t("created")}</Th>
              <Th>{t("finished")}</Th>
              <Th className="text-end">{t("attempts")}</Th>
            </tr>
          </thead>
          <Tbody>
            {items.map((j) => (
              <tr key={j.id} data-job={j.id}>
                <Td>
                  <Link href={`/ops/jobs/${encodeURIComponent(j.queue)}/${j.id}`} aria-label={t("open", { id: j.id })} className="font-mono text-xs text-indigo-700 hover:underline">
                    {j.queue}
                  </Link>
                </Td>
                <Td>
                  <JobStateBadge state={j.state} />
                </Td>
                <Td>
                  <RelativeTime value={j.created_at} />
                </Td>
                <Td>{j.completed_at ? <RelativeTime value={j.completed_at} /> : "—"}</Td>
                <Td className="text-end tabular-nums">
                  {j.retry_count + (j.started_at ? 1 : 0)}/{j.retry_limit + 1}
                </Td>
              </tr>
            ))}
          </Tbody>
        </Table>
      )}
      <FormError message={action.error} />
      {cursor && (
        <Button variant="secondary" disabled={action.busy} onClick={more}>
          {t("more")}
        </Button>
      )}
    </div>
  );
}
