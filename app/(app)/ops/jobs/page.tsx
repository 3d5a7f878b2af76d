import { getDb } from "@/lib/db/client";
import { listJobs } from "@/lib/ops/jobs";
import { queueCounts } from "@/lib/ops/queues";
import { listJobsQuery } from "@/lib/ops/schemas";
import { requireCaller } from "../../caller";
import { titled } from "../../page-helpers";
import { OpsPage } from "../admin-gate";
import { JobsList } from "./jobs-list";

export const dynamic = "force-dynamic";
export const generateMetadata = titled("ops.jobs");

export default async function JobsPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const caller = await requireCaller("/ops/jobs");
  const raw = await searchParams;
  const parsed = listJobsQuery.safeParse({ queue: raw.queue || undefined, state: raw.state || undefined });
  const query = parsed.success ? parsed.data : listJobsQuery.parse({});
  return (
    <OpsPage caller={caller} section="jobs">
      {async () => {
        const [page, queues] = await Promise.all([listJobs(getDb(), caller.companyId, query), queueCounts(getDb())]);
        return <JobsList key={`${query.queue}-${query.state}`} queues={queues.map((q) => q.name)} filter={{ queue: query.queue ?? "", state: query.state ?? "" }} initial={page} />;
      }}
    </OpsPage>
  );
}
