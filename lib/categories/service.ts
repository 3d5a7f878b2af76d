import { and, asc, eq, inArray, isNotNull, sql } from "drizzle-orm";
import { ZodError } from "zod";
import type { Db, DbOrTx } from "../db/client";
import { categories, categoryRules } from "../db/schema/categories";
import { documents } from "../db/schema/documents";
import { AppError, isUniqueViolation, notFound } from "../errors";
import { isUuid } from "../accounts/service";
import { forgetCategory } from "./classifier";
import { loadModel, retrainModel, updateModel, type StoredModel } from "./model";
import { patternIssue } from "./patterns";
import { patternProblem } from "./rules";
import type { Category, CategoryListItem, CategoryRule, CategorySettingsInput, ClassifierSettings, CreateCategoryInput, CreateRuleInput, UpdateCategoryInput, UpdateRuleInput } from "./schemas";

export type CategoryRow = typeof categories.$inferSelect;
export type RuleRow = typeof categoryRules.$inferSelect;

/** Colours handed out in turn when a new category does not name one. */
export const CATEGORY_PALETTE = ["#2563eb", "#16a34a", "#d97706", "#dc2626", "#7c3aed", "#0891b2", "#db2777", "#65a30d", "#ea580c", "#475569"];

export const categoryJson = (c: CategoryRow): Category => ({ id: c.id, name: c.name, color: c.color, created_at: c.createdAt });

export const ruleJson = (r: RuleRow): CategoryRule => ({ id: r.id, category_id: r.categoryId, kind: r.kind, pattern: r.pattern, position: r.position, created_at: r.createdAt });

/** Categories by name, each with how many documents and rules it has. */
export async function listCategories(db: DbOrTx, companyId: string): Promise<CategoryListItem[]> {
  const [rows, docCounts, ruleCounts] = await Promise.all([
    db
      .select()
      .from(categories)
      .where(eq(categories.companyId, companyId))
      .orderBy(sql`lower(${categories.name})`, asc(categories.id)),
    db
      .select({ id: documents.categoryId, n: sql<number>`count(*)::int` })
      .from(documents)
      .where(and(eq(documents.companyId, companyId), isNotNull(documents.categoryId)))
      .groupBy(documents.categoryId),
    db
      .select({ id: categoryRules.categoryId, n: sql<number>`count(*)::int` })
      .from(categoryRules)
      .where(eq(categoryRules.companyId, companyId))
      .groupBy(categoryRules.categoryId),
  ]);
  const docs = new Map(docCounts.map((r) => [r.id, r.n]));
  const rules = new Map(ruleCounts.map((r) => [r.id, r.n]));
  return rows.map((c) => ({ ...categoryJson(c), document_count: docs.get(c.id) ?? 0, rule_count: rules.get(c.id) ?? 0 }));
}

export async function getCategory(db: DbOrTx, companyId: string, id: string): Promise<CategoryRow> {
  if (!isUuid(id)) throw notFound("categories");
  const [row] = await db.select().from(categories).where(and(eq(categories.id, id), eq(categories.companyId, companyId)));
  if (!row) throw notFound("categories");
  return row;
}

export async function createCategory(db: DbOrTx, companyId: string, input: CreateCategoryInput): Promise<CategoryRow> {
  let color = input.color;
  if (!color) {
    const [{ n }] = await db.select({ n: sql<number>`count(*)::int` }).from(categories).where(eq(categories.companyId, companyId));
    color = CATEGORY_PALETTE[n % CATEGORY_PALETTE.length];
  }
  try {
    const [row] = await db.insert(categories).values({ companyId, name: input.name, color }).returning();
    return row;
  } catch (err) {
    throw isUniqueViolation(err) ? nameTaken(input.name) : err;
  }
}

export async function updateCategory(db: DbOrTx, companyId: string, id: string, input: UpdateCategoryInput): Promise<CategoryRow> {
  const current = await getCategory(db, companyId, id);
  if (input.name === undefined && input.color === undefined) return current;
  try {
    const [row] = await db
      .update(categories)
      .set({ name: input.name, color: input.color })
      .where(and(eq(categories.id, id), eq(categories.companyId, companyId)))
      .returning();
    return row;
  } catch (err) {
    throw isUniqueViolation(err) ? nameTaken(input.name ?? current.name) : err;
  }
}

/**
 * Deletes a category with its rules. Its documents lose their category, people's choices included,
 * so the orphans job categorizes them afresh; the classifier forgets it.
 */
export async function deleteCategory(db: Db, companyId: string, id: string): Promise<{ documents: number }> {
  await getCategory(db, companyId, id);
  return db.transaction(async (tx) => {
    const ruleIds = tx.select({ id: categoryRules.id }).from(categoryRules).where(and(eq(categoryRules.companyId, companyId), eq(categoryRules.categoryId, id)));
    await tx
      .update(documents)
      .set({ categoryRuleId: null })
      .where(and(eq(documents.companyId, companyId), inArray(documents.categoryRuleId, ruleIds)));
    const cleared = await tx
      .update(documents)
      .set({ categoryId: null, categorySource: null, categoryConfidence: null, categoryRuleId: null })
      .where(and(eq(documents.companyId, companyId), eq(documents.categoryId, id)))
      .returning({ id: documents.id });
    await tx.delete(categories).where(and(eq(categories.id, id), eq(categories.companyId, companyId)));
    await updateModel(tx, companyId, (m) => {
      if (!m.classifier.classes[id]) return;
      forgetCategory(m.classifier, id);
      m.updates_since_full += 1;
    });
    return { documents: cleared.length };
  });
}

/** Rules in the order they are tried. */
export async function listRules(db: DbOrTx, companyId: string): Promise<RuleRow[]> {
  return db
    .select()
    .from(categoryRules)
    .where(eq(categoryRules.companyId, companyId))
    .orderBy(asc(categoryRules.position), asc(categoryRules.createdAt), asc(categoryRules.id));
}

export async function getRule(db: DbOrTx, companyId: string, id: string): Promise<RuleRow> {
  if (!isUuid(id)) throw notFound("rules");
  const [row] = await db.select().from(categoryRules).where(and(eq(categoryRules.id, id), eq(categoryRules.companyId, companyId)));
  if (!row) throw notFound("rules");
  return row;
}

/** Every rule is tried on every document: the cap keeps that bounded. */
export const MAX_RULES_PER_COMPANY = 200;

/** A new rule goes last: rules already in place keep deciding first. */
export async function createRule(db: Db, companyId: string, input: CreateRuleInput): Promise<RuleRow> {
  await getCategory(db, companyId, input.category_id);
  assertPattern(input.kind, input.pattern);
  return db.transaction(async (tx) => {
    await lockRules(tx, companyId);
    const [{ next, count }] = await tx
      .select({ next: sql<number>`coalesce(max(${categoryRules.position}) + 1, 0)::int`, count: sql<number>`count(*)::int` })
      .from(categoryRules)
      .where(eq(categoryRules.companyId, companyId));
    if (count >= MAX_RULES_PER_COMPANY) {
      throw new AppError("rules.limit_reached", `A company can have at most ${MAX_RULES_PER_COMPANY} rules; delete one before adding another`, { status: 409 });
    }
    const [row] = await tx.insert(categoryRules).values({ companyId, categoryId: input.category_id, kind: input.kind, pattern: input.pattern, position: next }).returning();
    return row;
  });
}

export async function updateRule(db: DbOrTx, companyId: string, id: string, input: UpdateRuleInput): Promise<RuleRow> {
  const current = await getRule(db, companyId, id);
  if (input.category_id !== undefined) await getCategory(db, companyId, input.category_id);
  const kind = input.kind ?? current.kind;
  const pattern = input.pattern ?? current.pattern;
  if (input.kind !== undefined || input.pattern !== undefined) assertPattern(kind, pattern);
  const [row] = await db
    .update(categoryRules)
    .set({ categoryId: input.category_id, kind: input.kind, pattern: input.pattern })
    .where(and(eq(categoryRules.id, id), eq(categoryRules.companyId, companyId)))
    .returning();
  return row;
}

/** Documents the rule categorized keep their category; they just no longer point at the rule. */
export async function deleteRule(db: Db, companyId: string, id: string): Promise<void> {
  await getRule(db, companyId, id);
  await db.transaction(async (tx) => {
    await tx.delete(categoryRules).where(and(eq(categoryRules.id, id), eq(categoryRules.companyId, companyId)));
    await tx.update(documents).set({ categoryRuleId: null }).where(and(eq(documents.companyId, companyId), eq(documents.categoryRuleId, id)));
  });
}

/** Puts every rule of the company in the order given: `ids` lists them all, first tried first. */
export async function reorderRules(db: Db, companyId: string, ids: string[]): Promise<RuleRow[]> {
  return db.transaction(async (tx) => {
    await lockRules(tx, companyId);
    const current = await listRules(tx, companyId);
    const known = new Set(current.map((r) => r.id));
    if (ids.some((id) => !known.has(id))) throw notFound("rules");
    if (ids.length !== current.length) {
      throw new AppError("rules.incomplete_order", `ids must list every rule (${current.length}) in the new order; the rules may have changed since you loaded them`, { status: 422 });
    }
    if (ids.length > 0) {
      const list = sql.join(ids.map((id) => sql`${id}::uuid`), sql`, `);
      await tx.execute(sql`
        update ${categoryRules} r set position = x.ord - 1
        from unnest(array[${list}]) with ordinality as x(id, ord)
        where r.id = x.id and r.company_id = ${companyId}`);
    }
    return listRules(tx, companyId);
  });
}

/** The classifier's settings and what it has learned. */
export async function getCategorySettings(db: DbOrTx, companyId: string) {
  return settingsJson(await loadModel(db, companyId));
}

/** Changing whether rules teach the classifier retrains it at once, so the setting shows its effect. */
export async function updateCategorySettings(db: Db, companyId: string, input: CategorySettingsInput) {
  let retrain = false;
  let model = await updateModel(db, companyId, (m) => {
    if (input.threshold !== undefined) m.settings.threshold = input.threshold;
    if (input.learn_from_rules !== undefined && input.learn_from_rules !== m.settings.learn_from_rules) {
      m.settings.learn_from_rules = input.learn_from_rules;
      retrain = true;
    }
  });
  if (retrain) model = await retrainModel(db, companyId);
  return settingsJson(model);
}

export function settingsJson(m: StoredModel): ClassifierSettings {
  return {
    threshold: m.settings.threshold,
    learn_from_rules: m.settings.learn_from_rules,
    samples: m.classifier.docs,
    categories_learned: Object.keys(m.classifier.classes).length,
    vocabulary: Object.keys(m.classifier.df).length,
    full_trained_at: m.full_trained_at,
  };
}

/** A 422 beside `pattern`, like the schema's own checks: this one also runs the regex, so it is the server's. */
function assertPattern(kind: RuleRow["kind"], pattern: string) {
  const problem = patternProblem(kind, pattern);
  if (problem) throw new ZodError([patternIssue(problem)]);
}

function nameTaken(name: string) {
  return new AppError("categories.exists", `A category named “${name}” already exists`, { status: 409 });
}

/** Serializes position changes within one company: a new rule's position and a reorder never interleave. */
async function lockRules(tx: DbOrTx, companyId: string) {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext('category_rules'), hashtext(${companyId}))`);
}
