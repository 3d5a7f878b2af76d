import { CRONS } from "./crons";
import { defineJob } from "@/lib/queue";
import { categorizeOrphansPayload } from "@/lib/categories/schemas";
import { categorizeOrphans } from "@/lib/categories/orphans";

export const documentsCategorizeOrphans = defineJob({
  name: "documents.categorize-orphans",
  schema: categorizeOrphansPayload,
  options: { policy: "singleton", retryLimit: 1, retryDelay: 60, expireInSeconds: 600 },
  ...CRONS["documents.categorize-orphans"],
  async handler(data, ctx) {
    return categorizeOrphans(ctx.db, ctx.log, { companyId: data?.company_id, limit: data?.limit });
  },
});
