"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { api } from "@/components/api-client";
import { Button } from "@/components/button";
import { FormError } from "@/components/form-fields";
import { DateTime } from "@/components/time";
import { useAction } from "@/components/use-action";
import type { JobDetail } from "@/lib/ops/schemas";
import { JobStateBadge } from "../../job-state";

/** One job: state, attempts, timings, payload, output or error with its stack; retry, cancel, run again. */
export function JobDetailView({ initial }: { initial: JobDetail }) {
  const t = useTranslations("ops.job");
  const router = useRouter();
  const action = useAction();
  const [job, setJob] = useState(initial);
  const [notice, setNotice] = useState<string | null>(null);
  const base = `/api/ops/jobs/${encodeURIComponent(job.queue)}/${job.id}`;
  const refresh = async () => setJob(await api<JobDetail>(base));
  const output = job.output as { stack?: unknown } | null;
  const stack = output && typeof output === "object" && typeof output.stack === "string" ? output.stack : null;
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center gap-3">
        <Link href={`/ops/jobs?queue=${encodeURIComponent(job.queue)}`} className="text-sm text-indigo-700 hover:underline">
          ← {t("back")}
        </Link>
        <h2 className="font-mono text-sm font-semibold text-slate-900">{t("title", { queue: job.queue })}</h2>
        <JobStateBadge state={job.state} />
        <span className="text-sm text-slate-600">{t("attempts", { count: job.retry_count + (job.started_at ? 1 : 0), limit: job.retry_limit + 1 })}</span>
      </div>
      <div className="flex flex-wrap gap-2">
        {(job.state === "failed" || job.state === "cancelled") && (
          <Button disabled={action.busy} onClick={() => action.run(async () => setJob(await api<JobDetail>(`${base}/retry`, { method: "POST" })))}>
            {t("retry")}
          </Button>
        )}
        {(job.state === "created" || job.state === "retry" || job.state === "active") && (
          <Button variant="secondary" disabled={action.busy} onClick={() => action.run(async () => setJob(await api<JobDetail>(`${base}/cancel`, { method: "POST" })))}>
            {t("cancel")}
          </Button>
        )}
        <Button variant="secondary" disabled={action.busy} onClick={() => action.run(async () => {
          const { job_id } = await api<{ job_id: string }>(`${base}/rerun`, { method: "POST" });
          setNotice(t("rerunDone"));
          router.push(`/ops/jobs/${encodeURIComponent(job.queue)}/${job_id}`);
        })}>
          {t("rerun")}
        </Button>
        <Button variant="secondary" disabled={action.busy} onClick={() => action.run(refresh)} aria-label="↻">
          ↻
        </Button>
      </div>
      {notice && <p role="status" className="text-sm text-slate-700">{notice}</p>}
      <FormError message={action.error} />
      <dl className="grid grid-cols-2 gap-x-6 gap-y-2 text-sm sm:grid-cols-4">
        <dt className="text-slate-500">{t("startAfter")}</dt>
        <dd><DateTime value={job.start_after} /></dd>
        <dt className="text-slate-500">{t("started")}</dt>
        <dd><DateTime value={job.started_at} /></dd>
        <dt className="text-slate-500">{t("heartbeat")}</dt>
        <dd><DateTime value={job.heartbeat_at} /></dd>
      </dl>
      <section>
        <h3 className="mb-1 text-sm font-semibold text-slate-700">{t("payload")}</h3>
        <pre dir="ltr" className="overflow-x-auto rounded-md bg-slate-50 p-3 text-xs">{JSON.stringify(job.data, null, 2)}</pre>
      </section>
      <section>
        <h3 className="mb-1 text-sm font-semibold text-slate-700">{t("output")}</h3>
        <pre dir="ltr" data-testid="job-output" className="overflow-x-auto rounded-md bg-slate-50 p-3 text-xs">{job.output == null ? t("noOutput") : JSON.stringify(stack ? { ...output, stack: undefined } : job.output, null, 2)}</pre>
        {stack && (
          <>
            <h4 className="mt-2 mb-1 text-xs font-semibold text-slate-600">{t("stack")}</h4>
            <pre dir="ltr" className="overflow-x-auto rounded-md bg-red-50 p-3 text-xs text-red-900">{stack}</pre>
          </>
        )}
      </section>
    </div>
  );
}
