import { z } from "../zod";

/** GET /api/stats: the company's totals, as the dashboard and the navigation's Review badge read them. */
export const companyStatsSchema = z.object({
  accounts: z.number().int(),
  emails: z.number().int(),
  documents: z.number().int(),
  documents_by_status: z.record(z.string(), z.number().int()),
  documents_needing_review: z.number().int(),
  documents_awaiting_category: z.number().int(),
  /** Emails triage sent to a person (Review → Emails). */
  emails_awaiting_review: z.number().int(),
  last_fetch_at: z.coerce.date().nullable(),
});

export type CompanyStats = z.infer<typeof companyStatsSchema>;
