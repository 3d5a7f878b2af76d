import type { JobsDeps } from "../ops/jobs";
import { SCHEDULED_JOBS } from "@/jobs/crons";
import { services } from "./services";

/** What the operations routes and pages work with: the web's database and pg-boss, and the cron list. */
export async function opsDeps(): Promise<JobsDeps> {
  const { db, boss } = services();
  return { db, boss: await boss(), jobs: SCHEDULED_JOBS };
}
