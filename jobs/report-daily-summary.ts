import { defineJob } from "@/lib/queue";
import { dailySummaryJob } from "@/lib/reports/schemas";
import { sendDailySummary } from "@/lib/reports/daily-summary";
import { CRONS } from "./crons";

/** 08:00 in each company's time zone: the last 24 hours, emailed to each person who wants it. */
export const reportDailySummary = defineJob({
  ...dailySummaryJob,
  options: { retryLimit: 3, retryDelay: 60, retryBackoff: true, expireInSeconds: 300 },
  ...CRONS["report.daily-summary"],
  async handler(data, ctx) {
    return sendDailySummary({ db: ctx.db, boss: ctx.boss, log: ctx.log }, data.company_id);
  },
});
