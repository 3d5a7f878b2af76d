// The triage API's contract: rules, the dry run, a person's review actions, and what routes answer.
// Browser-safe: the rules page validates its forms with these same schemas.
import { z } from "../zod";
import { DOCUMENT_TYPES } from "../documents/contract";

export const TRIAGE_OUTCOMES = ["acknowledge", "review", "none"] as const;
export type TriageOutcome = (typeof TRIAGE_OUTCOMES)[number];
export const REVIEW_STATUSES = ["waiting", "done"] as const;
export type ReviewStatus = (typeof REVIEW_STATUSES)[number];
/** `pending`: asked for, not decided yet; `sent`: a reply was queued (its delivery is the sent email's); `skipped`: not sent, with the reason. */
export const ACKNOWLEDGEMENT_STATUSES = ["pending", "sent", "skipped"] as const;
export type AcknowledgementStatus = (typeof ACKNOWLEDGEMENT_STATUSES)[number];
/**
 * The headers of a stored email that replying needs (lib/mail/parse.ts): threading (`in_reply_to`,
 * `references`), where to answer (`reply_to`, `from_name`), and the RFC 3834 signs of mail that must
 * not be answered. Values as sent, unfolded; Message-ID is the email's own column.
 */
export type ReplyHeaders = {
  in_reply_to?: string;
  references?: string[];
  reply_to?: string;
  from_name?: string;
  auto_submitted?: string;
  precedence?: string;
  list_id?: string;
  list_unsubscribe?: string;
  return_path?: string;
  x_auto_response_suppress?: string;
};

export const REPLY_KINDS = ["auto_ack", "reply"] as const;
export type ReplyKind = (typeof REPLY_KINDS)[number];
export const REPLY_STATUSES = ["sent", "skipped"] as const;

/** With no rule, or none matching, an email waits for a person. */
export const DEFAULT_OUTCOME: TriageOutcome = "review";
export const MAX_TRIAGE_RULES = 200;
const MAX_ALTERNATIVES = 50;

// An address (billing@acme.com), a domain (acme.com or @acme.com, subdomains included) or a local part (billing@).
const SENDER = /^(?:[^\s@,;<>"]+@(?:[a-z0-9-]+\.)+[a-z0-9-]+|@?(?:[a-z0-9-]+\.)+[a-z0-9-]+|[^\s@,;<>"]+@)$/i;

/** One string (alternatives split on commas and new lines) or a list: stored and answered as a list. */
const alternatives = (item: z.ZodString) =>
  z
    .union([z.string().max(5_000), z.array(z.string().max(500)).max(MAX_ALTERNATIVES)])
    .transform((v) => (Array.isArray(v) ? v : v.split(/[,\n]/)).map((s) => s.trim()).filter(Boolean))
    .pipe(z.array(item).max(MAX_ALTERNATIVES, `must have at most ${MAX_ALTERNATIVES} alternatives`));

const sender = z
  .string()
  .max(320)
  .toLowerCase()
  .refine((s) => SENDER.test(s), { message: "must be an address (billing@acme.com), a domain (acme.com or @acme.com) or a local part (billing@)", params: { i18n: "triage_rules.not_sender" } });
const keyword = z.string().max(200).refine((s) => /[\p{L}\p{N}]/u.test(s), { message: "must contain a letter or a digit", params: { i18n: "triage_rules.no_word" } });

/**
 * Every condition given must hold (and); within a list, any alternative will do (or).
 * - `from`: the sender's address, domain (with its subdomains) or local part, case-insensitive.
 * - `subject`, `body`: keywords or phrases, matched as whole words, ignoring case, accents, niqqud
 *   and final-letter forms; a word ending in `*` also matches longer words ("invoice*" → "invoices");
 *   Hebrew words match with attached one-letter prefixes ("חשבונית" finds "בחשבונית").
 * - `has_attachment`: whether the email carried any attachment.
 * - `document_type`: one of the email's documents was extracted as that type.
 * No condition at all matches every email.
 */
export const conditionsSchema = z
  .object({
    from: alternatives(sender).optional(),
    subject: alternatives(keyword).optional(),
    body: alternatives(keyword).optional(),
    has_attachment: z.boolean().optional(),
    document_type: z.enum(DOCUMENT_TYPES).optional(),
  })
  .strict()
  // An empty list is no condition, not a condition nothing can meet.
  .transform((c) => Object.fromEntries(Object.entries(c).filter(([, v]) => v !== undefined && !(Array.isArray(v) && v.length === 0))) as TriageConditionsShape);

export type TriageConditionsShape = {
  from?: string[];
  subject?: string[];
  body?: string[];
  has_attachment?: boolean;
  document_type?: (typeof DOCUMENT_TYPES)[number];
};
export type TriageConditions = TriageConditionsShape;
export const CONDITION_NAMES = ["from", "subject", "body", "has_attachment", "document_type"] as const;
export type ConditionName = (typeof CONDITION_NAMES)[number];

const name = z.string().trim().min(1, "must not be empty").max(120);
const outcome = z.enum(TRIAGE_OUTCOMES);
/** 0 is tried first; a position past the end puts the rule last. */
const position = z.number().int().min(0).max(10_000);

export const createTriageRuleSchema = z.object({ name, position: position.optional(), conditions: conditionsSchema.default({}), outcome }).strict();
export const updateTriageRuleSchema = z.object({ name, position, conditions: conditionsSchema, outcome }).partial().strict();
export type CreateTriageRuleInput = z.infer<typeof createTriageRuleSchema>;
export type UpdateTriageRuleInput = z.infer<typeof updateTriageRuleSchema>;

/** `POST /api/triage/dry-run`: an email of the company by id, or one pasted in. */
export const dryRunSchema = z
  .object({
    email_id: z.uuid().optional(),
    from: z.string().max(998).optional(),
    subject: z.string().max(2_000).optional(),
    body: z.string().max(200_000).optional(),
    has_attachment: z.boolean().optional(),
    document_type: z.enum(DOCUMENT_TYPES).nullable().optional(),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.email_id === undefined) return;
    for (const k of ["from", "subject", "body", "has_attachment", "document_type"] as const)
      if (v[k] !== undefined) ctx.addIssue({ code: "custom", path: [k], message: "give either email_id or a pasted email, not both", params: { i18n: "triage_rules.either_email" } });
  });
export type DryRunInput = z.infer<typeof dryRunSchema>;

/** A person's decision on an email waiting for review. */
export const reviewActionSchema = z.discriminatedUnion("action", [
  z.object({ action: z.literal("done") }).strict(),
  z.object({ action: z.literal("reclassify"), outcome }).strict(),
]);
export type ReviewActionInput = z.infer<typeof reviewActionSchema>;

export const reviewListQuery = z.object({
  status: z.enum(REVIEW_STATUSES).default("waiting"),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

// What the API answers. Timestamps are Dates on the server and ISO strings once they have crossed JSON.
const timestamp = z.union([z.date(), z.string()]);

export const triageRuleSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  position: z.number().int(),
  conditions: z.custom<TriageConditions>(),
  outcome,
  created_at: timestamp,
  updated_at: timestamp,
});
export type TriageRule = z.infer<typeof triageRuleSchema>;

/** Why a rule matched: the condition and the alternative (or value) that met it. */
export const matchReasonSchema = z.object({ condition: z.enum(CONDITION_NAMES), value: z.union([z.string(), z.boolean()]) });
export type MatchReason = z.infer<typeof matchReasonSchema>;

export const dryRunResultSchema = z.object({
  outcome,
  rule: z.object({ id: z.uuid(), name: z.string(), position: z.number().int() }).nullable(),
  reasons: z.array(matchReasonSchema),
  /** The rules tried before, each with the first condition it failed. */
  skipped: z.array(z.object({ id: z.uuid(), name: z.string(), failed: z.enum(CONDITION_NAMES) })),
  reason: z.string(),
});
export type DryRunResult = z.infer<typeof dryRunResultSchema>;

export const reviewEmailSchema = z.object({
  id: z.uuid(),
  from: z.string().nullable(),
  subject: z.string().nullable(),
  received_at: timestamp,
  body: z.string().nullable(),
  triage_outcome: outcome.nullable(),
  triage_reason: z.string().nullable(),
  /** The rule that sent it here, if it still exists. */
  triage_rule_name: z.string().nullable(),
  review_status: z.enum(REVIEW_STATUSES).nullable(),
  acknowledgement_status: z.enum(ACKNOWLEDGEMENT_STATUSES).nullable(),
  /** Acknowledgements and people's replies, oldest first. */
  replies: z.array(z.lazy(() => emailReplySchema)),
  documents: z.array(z.object({ id: z.uuid(), filename: z.string(), status: z.string(), document_type: z.string().nullable() })),
});
export type ReviewEmail = z.infer<typeof reviewEmailSchema>;

/** `email.triage`'s payload; the job is sent with the stored email, in the same transaction. */
export const emailTriagePayload = z.object({ email_id: z.uuid(), company_id: z.uuid() });
export const emailTriageJob = { name: "email.triage", schema: emailTriagePayload } as const;

// The rules page's form: every condition as a person types it (lists as "a, b"), checked where it is
// typed, and turned into the API's rule. The route parses the result again with createTriageRuleSchema.
const splitList = (s: string) => s.split(/[,\n]/).map((x) => x.trim()).filter(Boolean);
const typedList = (ok: (item: string) => boolean, message: string, i18n: string) =>
  z
    .string()
    .max(5_000)
    .superRefine((s, ctx) => {
      if (splitList(s).some((item) => !ok(item))) ctx.addIssue({ code: "custom", message, params: { i18n } });
    });
export const ATTACHMENT_CHOICES = ["", "yes", "no"] as const;

export const triageRuleFormSchema = z
  .object({
    name,
    outcome,
    from: typedList((s) => SENDER.test(s), "must be addresses (billing@acme.com), domains (acme.com) or local parts (billing@), separated by commas", "triage_rules.not_sender"),
    subject: typedList((s) => /[\p{L}\p{N}]/u.test(s), "each keyword must contain a letter or a digit", "triage_rules.no_word"),
    body: typedList((s) => /[\p{L}\p{N}]/u.test(s), "each keyword must contain a letter or a digit", "triage_rules.no_word"),
    has_attachment: z.enum(ATTACHMENT_CHOICES),
    document_type: z.union([z.literal(""), z.enum(DOCUMENT_TYPES)]),
  })
  .strict()
  .transform((v) => ({
    name: v.name,
    outcome: v.outcome,
    conditions: {
      ...(splitList(v.from).length ? { from: splitList(v.from).map((s) => s.toLowerCase()) } : {}),
      ...(splitList(v.subject).length ? { subject: splitList(v.subject) } : {}),
      ...(splitList(v.body).length ? { body: splitList(v.body) } : {}),
      ...(v.has_attachment ? { has_attachment: v.has_attachment === "yes" } : {}),
      ...(v.document_type ? { document_type: v.document_type } : {}),
    } as TriageConditions,
  }));
export type TriageRuleFormValues = z.input<typeof triageRuleFormSchema>;

/** A stored rule as the form shows it. */
export function ruleFormValues(rule?: Pick<TriageRule, "name" | "outcome" | "conditions">): TriageRuleFormValues {
  const c = rule?.conditions ?? {};
  return {
    name: rule?.name ?? "",
    outcome: rule?.outcome ?? "review",
    from: (c.from ?? []).join(", "),
    subject: (c.subject ?? []).join(", "),
    body: (c.body ?? []).join(", "),
    has_attachment: c.has_attachment === undefined ? "" : c.has_attachment ? "yes" : "no",
    document_type: c.document_type ?? "",
  };
}

/** The dry run's form: a pasted email (an empty field is a missing one). */
export const dryRunFormSchema = z
  .object({
    from: z.string().max(998),
    subject: z.string().max(2_000),
    body: z.string().max(200_000),
    has_attachment: z.boolean(),
    document_type: z.union([z.literal(""), z.enum(DOCUMENT_TYPES)]),
  })
  .strict()
  .transform((v) => ({ from: v.from || undefined, subject: v.subject || undefined, body: v.body || undefined, has_attachment: v.has_attachment, document_type: v.document_type || null }));

/** PUT /api/settings/auto-reply: the company's acknowledgement template and limits. */
export const autoReplySettingsInput = z
  .object({
    subject: z.string().trim().min(1, "is required").max(500),
    html: z.string().trim().min(1, "is required").max(20_000),
    text: z.string().trim().min(1, "is required").max(20_000),
    window_hours: z.coerce.number().int().min(1).max(24 * 30),
    max_per_hour: z.coerce.number().int().min(1).max(1_000),
  })
  .strict();
export type AutoReplySettingsInput = z.infer<typeof autoReplySettingsInput>;
/** GET answers the same keys, and whether they are still the defaults (in the company's language). */
export type AutoReplySettings = AutoReplySettingsInput & { is_default: boolean };

/** One reply decided for an email, as the review page shows it. */
export const emailReplySchema = z.object({
  kind: z.enum(REPLY_KINDS),
  status: z.enum(REPLY_STATUSES),
  /** Why it was not sent (SKIP_REASONS in lib/triage/auto-reply-guard.ts). */
  reason: z.string().nullable(),
  to: z.string().nullable(),
  /** The outgoing email's own state: pending until the SMTP server accepted it. */
  delivery: z.enum(["pending", "sent", "failed"]).nullable(),
  delivery_error: z.string().nullable(),
  by: z.string().nullable(),
  created_at: z.union([z.date(), z.string()]),
});
export type EmailReply = z.infer<typeof emailReplySchema>;

/** POST /api/triage/emails/:id/reply: a person's short answer, sent over SMTP in the email's thread. */
export const replyInputSchema = z.object({ text: z.string().trim().min(1, "is required").max(10_000) }).strict();
export type ReplyInput = z.infer<typeof replyInputSchema>;
