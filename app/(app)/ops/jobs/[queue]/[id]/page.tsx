import { getDb } from "@/lib/db/client";
import { getJob } from "@/lib/ops/jobs";
import { idParam } from "@/lib/ops/params";
import { requireCaller } from "../../../../caller";
import { orNotFound, titled } from "../../../../page-helpers";
import { OpsPage } from "../../../admin-gate";
import { JobDetailView } from "./job-detail";

export const dynamic = "force-dynamic";
export const generateMetadata = titled("ops.jobs");

export default async function JobPage({ params }: { params: Promise<{ queue: string; id: string }> }) {
  const { queue, id } = await params;
  const caller = await requireCaller(`/ops/jobs/${queue}/${id}`);
  return (
    <OpsPage caller={caller} section="jobs">
      {async () => {
        const job = await orNotFound((async () => getJob(getDb(), caller.companyId, decodeURIComponent(queue), idParam(id, "jobs")))());
        return <JobDetailView initial={job} />;
      }}
    </OpsPage>
  );
}
