import { DEFAULT_SETTINGS } from "../boot/config";
import type { ScheduleDeps } from "../schedules/service";
import { SCHEDULED_JOBS } from "@/jobs/crons";
import { services } from "./services";

/** What the schedules routes and page work with: the web's database and pg-boss, and the cron list. */
export async function scheduleDeps(): Promise<ScheduleDeps> {
  const { db, boss } = services();
  return { db, boss: await boss(), jobs: SCHEDULED_JOBS, defaultTimeZone: DEFAULT_SETTINGS.timeZone };
}
