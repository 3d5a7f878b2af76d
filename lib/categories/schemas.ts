// The categories API's contract: what routes parse, what they answer, and what the settings forms
// validate with. Browser-safe: the regex run-time check is the service's (safe-regex.ts).
import { z } from "../zod";
import { patternFormProblem, patternIssue } from "./patterns";

export const CATEGORY_RULE_KINDS = ["sender", "subject", "keyword", "regex", "vendor"] as const;
export type CategoryRuleKind = (typeof CATEGORY_RULE_KINDS)[number];

const name = z.string().trim().min(1, "must not be empty").max(80);
const color = z
  .string()
  .trim()
  .regex(/^#[0-9a-fA-F]{6}$/, "must be a colour as #rrggbb")
  .transform((c) => c.toLowerCase());
/** A time as the server has it (Date) or as JSON carries it (ISO string). */
const timestamp = z.union([z.date(), z.string()]);

export const createCategorySchema = z.object({ name, color: color.optional() }).strict();
export const updateCategorySchema = z.object({ name, color }).partial().strict();

const kind = z.enum(CATEGORY_RULE_KINDS);
const pattern = z.string().trim().min(1, "must not be empty").max(500);

/** The pattern must suit the kind; whether a regex also runs in time is the service's check. */
function checkPattern(rule: { kind?: CategoryRuleKind; pattern?: string }, ctx: z.RefinementCtx) {
  const problem = rule.kind && rule.pattern !== undefined ? patternFormProblem(rule.kind, rule.pattern) : null;
  if (problem) ctx.addIssue({ ...patternIssue(problem) });
}

export const createRuleSchema = z.object({ category_id: z.uuid(), kind, pattern }).strict().superRefine(checkPattern);
/** Without `kind`, the pattern is checked against the rule's stored kind, in the service. */
export const updateRuleSchema = z.object({ category_id: z.uuid(), kind, pattern }).partial().strict().superRefine(checkPattern);

export const reorderRulesSchema = z
  .object({ ids: z.array(z.uuid()).max(1_000) })
  .strict()
  .refine((r) => new Set(r.ids).size === r.ids.length, { message: "must not repeat a rule", path: ["ids"] });

export const DEFAULT_THRESHOLD = 0.6;

export const categorySettingsSchema = z
  .object({
    /** Below this confidence the classifier leaves a document without a category, for a person to review. */
    threshold: z.number().min(0.05).max(0.99),
    /** Also learn from documents a rule categorized (people's choices are always learned). */
    learn_from_rules: z.boolean(),
  })
  .partial()
  .strict();

export const setDocumentCategorySchema = z.object({ category_id: z.uuid().nullable() }).strict();

export const categorizeOrphansPayload = z
  .object({ company_id: z.uuid().optional(), limit: z.number().int().min(1).max(20_000).optional() })
  .passthrough()
  .nullable()
  .optional();

// What the API answers.
export const categorySchema = z.object({ id: z.uuid(), name: z.string(), color: z.string(), created_at: timestamp });
export const categoryListItemSchema = categorySchema.extend({ document_count: z.number().int(), rule_count: z.number().int() });
export const ruleSchema = z.object({ id: z.uuid(), category_id: z.uuid(), kind, pattern: z.string(), position: z.number().int(), created_at: timestamp });
export const classifierSettingsSchema = z.object({
  threshold: z.number(),
  learn_from_rules: z.boolean(),
  samples: z.number().int(),
  categories_learned: z.number().int(),
  vocabulary: z.number().int(),
  full_trained_at: z.string().nullable(),
});

export type CreateCategoryInput = z.infer<typeof createCategorySchema>;
export type UpdateCategoryInput = z.infer<typeof updateCategorySchema>;
export type CreateRuleInput = z.infer<typeof createRuleSchema>;
export type UpdateRuleInput = z.infer<typeof updateRuleSchema>;
export type CategorySettingsInput = z.infer<typeof categorySettingsSchema>;
export type Category = z.infer<typeof categorySchema>;
export type CategoryListItem = z.infer<typeof categoryListItemSchema>;
export type CategoryRule = z.infer<typeof ruleSchema>;
export type ClassifierSettings = z.infer<typeof classifierSettingsSchema>;
