import { z } from "../zod";
import { ACCOUNT_ERROR_CODES, ACCOUNT_STATUSES, FETCH_RUN_STATUSES } from "../accounts/schemas";
import { DOCUMENT_STATUSES } from "../documents/contract";

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

/**
 * `?include=series` adds the dashboard's charts to the totals. Without it the answer stays the
 * cheap counts the navigation's Review badge asks for on every page.
 */
export const statsQuerySchema = z.object({ include: z.enum(["series"]).optional() });

const count = z.number().int();

/** One calendar day (yyyy-mm-dd, in the company's time zone) and its documents by status. */
/** One calendar day (yyyy-mm-dd, in the company's time zone) and its documents by status. */
export const dayCountsSchema = z.object({ day: z.string(), pending: count, processing: count, completed: count, error: count });

/** A category and how many documents it holds; `id` null is the documents without one. */
export const categoryCountSchema = z.object({ id: z.string().nullable(), name: z.string().nullable(), color: z.string().nullable(), count });

/** Per currency, the totals of the documents received in each month of `months` (same order). */
export const amountsPerMonthSchema = z.object({
  months: z.array(z.string()),
  currencies: z.array(z.object({ currency: z.string().nullable(), totals: z.array(z.number()), documents: z.array(count) })),
});

export const ATTENTION_REASONS = ["error", "disabled", "paused", "stale"] as const;

export const accountAttentionSchema = z.object({
  id: z.string(),
  email: z.string(),
  status: z.enum(ACCOUNT_STATUSES),
  reason: z.enum(ATTENTION_REASONS),
  last_error_code: z.enum(ACCOUNT_ERROR_CODES).nullable(),
  last_error: z.string().nullable(),
  last_fetch_at: z.coerce.date().nullable(),
});

export const activitySchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("document"), id: z.string(), at: z.coerce.date(), filename: z.string(), status: z.enum(DOCUMENT_STATUSES) }),
  z.object({ kind: z.literal("email"), id: z.string(), at: z.coerce.date(), subject: z.string().nullable(), from: z.string().nullable(), account_id: z.string(), attachments: count }),
  z.object({
    kind: z.literal("fetch_run"),
    id: z.string(),
    at: z.coerce.date(),
    account_id: z.string(),
    account_email: z.string(),
    status: z.enum(FETCH_RUN_STATUSES),
    messages: count,
    documents: count,
  }),
]);

export const dashboardSeriesSchema = z.object({
  time_zone: z.string(),
  documents_per_day: z.array(dayCountsSchema),
  documents_by_category: z.array(categoryCountSchema),
  amounts_per_month: amountsPerMonthSchema,
  accounts_needing_attention: z.array(accountAttentionSchema),
  recent_activity: z.array(activitySchema),
});

/** GET /api/stats?include=series. */
export const dashboardStatsSchema = companyStatsSchema.extend(dashboardSeriesSchema.shape);

export type DayCounts = z.infer<typeof dayCountsSchema>;
export type CategoryCount = z.infer<typeof categoryCountSchema>;
export type AmountsPerMonth = z.infer<typeof amountsPerMonthSchema>;
export type AccountAttention = z.infer<typeof accountAttentionSchema>;
export type Activity = z.infer<typeof activitySchema>;
export type DashboardSeries = z.infer<typeof dashboardSeriesSchema>;
export type DashboardStats = z.infer<typeof dashboardStatsSchema>;
