import { and, eq, isNull, ne, or } from "drizzle-orm";
import type { Db, DbOrTx } from "../db/client";
import { categories } from "../db/schema/categories";
import { documents } from "../db/schema/documents";
import type { Caller } from "../auth/users";
import { notFound } from "../errors";
import { isUuid } from "../accounts/service";
import { logger } from "../logger";
import { documentFeatures, learn, predict, type Prediction } from "./classifier";
import { loadModel, updateModel, type StoredModel } from "./model";
import { selectCategorizable, selectRules, type CategorizableDocument } from "./queries";
import { firstMatchingRule, type Rule, type RuleInput } from "./rules";
import { getCategory } from "./service";

/** What decides a company's categories: its rules in order, then its classifier and threshold. */
export type Categorizer = { companyId: string; rules: Rule[]; model: StoredModel };

export type Decision =
  | { source: "rule"; categoryId: string; confidence: 1; ruleId: string }
  | { source: "classifier"; categoryId: string; confidence: number; ruleId: null }
  | { source: null; categoryId: null; confidence: null; ruleId: null; guess: Prediction | null };

export type CategorizeOutcome = { document_id: string; status: "person" | "rule" | "classifier" | "uncategorized"; category_id: string | null; confidence: number | null; rule_id: string | null };

export async function loadCategorizer(db: DbOrTx, companyId: string): Promise<Categorizer> {
  const [rules, model] = await Promise.all([selectRules(db, companyId), loadModel(db, companyId)]);
  return { companyId, rules, model };
}

/** Whether the categorizer could decide anything at all (the orphans job skips companies where it cannot). */
export function canDecide(c: Categorizer): boolean {
  return c.rules.length > 0 || Object.keys(c.model.classifier.classes).length >= 2;
}

/** The first rule that matches decides; else the classifier, when it is confident enough; else nothing. */
export function decideCategory(c: Categorizer, doc: RuleInput): Decision {
  const match = firstMatchingRule(c.rules, doc);
  if (match.rule) return { source: "rule", categoryId: match.rule.categoryId, confidence: 1, ruleId: match.rule.id };
  if (match.timedOut.length) logger.warn({ companyId: c.companyId, rules: match.timedOut.map((r) => r.id) }, "regex rule ran out of time; treated as no match");
  if (match.skipped.length) logger.warn({ companyId: c.companyId, rules: match.skipped.map((r) => r.id) }, "the document's time for rules ran out; the rules left count as no match");
  const guess = predict(c.model.classifier, documentFeatures(doc));
  if (guess && guess.confidence >= c.model.settings.threshold) return { source: "classifier", categoryId: guess.categoryId, confidence: round(guess.confidence), ruleId: null };
  return { source: null, categoryId: null, confidence: null, ruleId: null, guess };
}

/**
 * Categorizes one document: a person's choice is never overwritten; otherwise the first matching
 * rule, else the classifier if confident; otherwise the document is left without a category, for review.
 */
export async function categorizeDocument(db: DbOrTx, ids: { documentId: string; companyId: string }, categorizer?: Categorizer): Promise<CategorizeOutcome | null> {
  if (!isUuid(ids.documentId)) return null;
  const [doc] = await selectCategorizable(db, ids.companyId, eq(documents.id, ids.documentId), { limit: 1 });
  if (!doc) return null;
  if (doc.categorySource === "person") return { document_id: doc.id, status: "person", category_id: doc.categoryId, confidence: 1, rule_id: null };
  const decision = decideCategory(categorizer ?? (await loadCategorizer(db, ids.companyId)), doc);
  // Nothing decided for a document that has no category: there is nothing to write.
  if (decision.source === null && doc.categorySource === null && doc.categoryId === null) return { document_id: doc.id, status: "uncategorized", category_id: null, confidence: null, rule_id: null };
  return applyDecision(db, doc, decision);
}

/** Stores a decision, unless a person chose meanwhile. */
export async function applyDecision(db: DbOrTx, doc: Pick<CategorizableDocument, "id" | "companyId">, d: Decision): Promise<CategorizeOutcome> {
  const updated = await db
    .update(documents)
    .set({ categoryId: d.categoryId, categorySource: d.source, categoryConfidence: d.confidence, categoryRuleId: d.ruleId })
    .where(and(eq(documents.id, doc.id), eq(documents.companyId, doc.companyId), or(isNull(documents.categorySource), ne(documents.categorySource, "person"))))
    .returning({ id: documents.id });
  if (updated.length === 0) return { document_id: doc.id, status: "person", category_id: null, confidence: null, rule_id: null };
  return { document_id: doc.id, status: d.source ?? "uncategorized", category_id: d.categoryId, confidence: d.confidence, rule_id: d.ruleId };
}

/**
 * A person's choice (null: no category). It always wins, and it teaches the classifier: the
 * document is learned under its new category, and forgotten under the one a person gave it before.
 */
export async function setDocumentCategory(db: Db, caller: Pick<Caller, "companyId">, documentId: string, categoryId: string | null) {
  const companyId = caller.companyId;
  if (!isUuid(documentId)) throw notFound("documents");
  return db.transaction(async (tx) => {
    // Two people choosing for one document at once: the second waits, then sees the first's choice.
    const [locked] = await tx.select({ id: documents.id }).from(documents).where(and(eq(documents.id, documentId), eq(documents.companyId, companyId))).for("update");
    if (!locked) throw notFound("documents");
    const category = categoryId ? await getCategory(tx, companyId, categoryId) : null;
    const [doc] = await selectCategorizable(tx, companyId, eq(documents.id, documentId), { limit: 1 });
    const previous = doc.categorySource === "person" ? doc.categoryId : null;
    await tx
      .update(documents)
      .set({ categoryId, categorySource: "person", categoryConfidence: categoryId ? 1 : null, categoryRuleId: null })
      .where(and(eq(documents.id, documentId), eq(documents.companyId, companyId)));
    if (previous !== categoryId) {
      const features = documentFeatures(doc);
      await updateModel(tx, companyId, (m) => {
        if (previous) {
          learn(m.classifier, features, previous, -1);
          // Forgetting is exact only if the document is unchanged since it was learned: a retrain settles it.
          m.updates_since_full += 1;
        }
        // A rule's choice may have been learned in the last full retrain; the next one replaces it with this.
        else if (m.settings.learn_from_rules && doc.categorySource === "rule") m.updates_since_full += 1;
        if (categoryId) learn(m.classifier, features, categoryId, 1);
      });
    }
    return documentCategoryJson(documentId, category, { source: "person", confidence: categoryId ? 1 : null, ruleId: null });
  });
}

/** A document's category and why it has it, as the API shows it. */
export async function getDocumentCategory(db: DbOrTx, companyId: string, documentId: string) {
  if (!isUuid(documentId)) throw notFound("documents");
  const [doc] = await selectCategorizable(db, companyId, eq(documents.id, documentId), { limit: 1 });
  if (!doc) throw notFound("documents");
  const [row] = await db
    .select({ source: documents.categorySource, confidence: documents.categoryConfidence, ruleId: documents.categoryRuleId, category: categories })
    .from(documents)
    .leftJoin(categories, and(eq(categories.id, documents.categoryId), eq(categories.companyId, companyId)))
    .where(and(eq(documents.id, documentId), eq(documents.companyId, companyId)));
  const categorizer = await loadCategorizer(db, companyId);
  const names = new Map((await db.select().from(categories).where(eq(categories.companyId, companyId))).map((c) => [c.id, c]));
  const suggestions = suggestCategories(categorizer, names, doc);
  return {
    ...documentCategoryJson(documentId, row.category, { source: row.source, confidence: row.confidence, ruleId: row.ruleId }),
    threshold: categorizer.model.settings.threshold,
    suggestions,
  };
}

/**
 * The classifier's top three guesses, each with a confidence on the threshold's scale: the best
 * one's own, the others scaled by how their posterior compares with it.
 */
export function suggestCategories(c: Categorizer, names: Map<string, { id: string; name: string; color: string }>, doc: RuleInput) {
  const guess = predict(c.model.classifier, documentFeatures(doc));
  if (!guess) return [];
  return guess.ranking
    .filter((r) => names.has(r.categoryId))
    .slice(0, 3)
    .map((r, i) => ({ ...categoryBrief(names.get(r.categoryId)!), confidence: round(i === 0 ? guess.confidence : r.posterior * (guess.confidence / guess.posterior)) }));
}

export function documentCategoryJson(
  documentId: string,
  category: { id: string; name: string; color: string } | null,
  why: { source: "rule" | "classifier" | "person" | null; confidence: number | null; ruleId: string | null },
) {
  return {
    document_id: documentId,
    category: category && categoryBrief(category),
    category_source: why.source,
    category_confidence: why.confidence,
    category_rule_id: why.ruleId,
  };
}

const categoryBrief = (c: { id: string; name: string; color: string }) => ({ id: c.id, name: c.name, color: c.color });
const round = (n: number) => Math.round(n * 1000) / 1000;
