import { z } from "../zod";

export const dailySummaryPayload = z.object({ company_id: z.uuid() });

/** Referenced by lib/ and the CLI; jobs/report-daily-summary.ts adds options, the schedule and the handler. */
export const dailySummaryJob = { name: "report.daily-summary", schema: dailySummaryPayload } as const;
