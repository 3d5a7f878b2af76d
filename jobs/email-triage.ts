import { defineJob } from "@/lib/queue";
import { emailTriageJob } from "@/lib/triage/schemas";
import { triageEmail } from "@/lib/triage/triage-email";

/** Classifies one stored email with the company's triage rules: acknowledge, review or nothing. Safe to repeat. */
export const emailTriage = defineJob({
  ...emailTriageJob,
  options: { retryLimit: 3, retryDelay: 10, retryBackoff: true, expireInSeconds: 60 },
  // Work that follows a fetch, like reading documents: on the document lanes, never taking the fetch lanes' share.
  lane: "documents",
  async handler(data, ctx) {
    return triageEmail({ db: ctx.db, boss: ctx.boss, log: ctx.log }, { emailId: data.email_id, companyId: data.company_id });
  },
});
