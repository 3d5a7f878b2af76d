import { getDb } from "@/lib/db/client";
import { listQueues, throughput } from "@/lib/ops/queues";
import { SCHEDULED_JOBS } from "@/jobs/crons";
import { requireCaller } from "../../caller";
import { titled } from "../../page-helpers";
import { OpsPage } from "../admin-gate";
import { QueuesView } from "./queues-view";

export const dynamic = "force-dynamic";
export const generateMetadata = titled("ops.queues");

export default async function QueuesPage() {
  const caller = await requireCaller("/ops/queues");
  return (
    <OpsPage caller={caller} section="queues">
      {async () => <QueuesView queues={await listQueues(getDb(), SCHEDULED_JOBS, caller.companyId)} throughput={await throughput(getDb())} />}
    </OpsPage>
  );
}
