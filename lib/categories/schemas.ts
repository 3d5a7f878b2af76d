import { z } from "zod";
import { CATEGORY_RULE_KINDS } from "../db/schema/categories";
import { patternProblem } from "./rules";

export type CategoryRuleKind = (typeof CATEGORY_RULE_KINDS)[number];

const name = z.string().trim().min(1, "must not be empty").max(80);
const color = z
  .string()
  .trim()
  .regex(/^#[0-9a-fA-F]{6}$/, "must be a colour as #rrggbb")
  .transform((c) => c.toLowerCase());

export const createCategorySchema = z.object({ name, color: color.optional() }).strict();
export const updateCategorySchema = z.object({ name, color }).partial().strict();

const kind = z.enum(CATEGORY_RULE_KINDS);
const pattern = z.string().trim().min(1, "must not be empty").max(500);

export const createRuleSchema = z
  .object({ category_id: z.uuid(), kind, pattern })
  .strict()
  .superRefine((r, ctx) => {
    const problem = patternProblem(r.kind, r.pattern);
    if (problem) ctx.addIssue({ code: "custom", path: ["pattern"], message: problem });
  });
/** The pattern is checked against the kind it ends up with, in the service. */
export const updateRuleSchema = z.object({ category_id: z.uuid(), kind, pattern }).partial().strict();

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

export type CreateCategoryInput = z.infer<typeof createCategorySchema>;
export type UpdateCategoryInput = z.infer<typeof updateCategorySchema>;
export type CreateRuleInput = z.infer<typeof createRuleSchema>;
export type UpdateRuleInput = z.infer<typeof updateRuleSchema>;
export type CategorySettingsInput = z.infer<typeof categorySettingsSchema>;
