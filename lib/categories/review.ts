import { and, desc, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "../db/client";
import { categories } from "../db/schema/categories";
import { documents } from "../db/schema/documents";
import { canDecide, loadCategorizer, suggestCategories } from "./categorize";
import { awaitingCategory, selectCategorizable } from "./queries";

export const AWAITING_PAGE_SIZE = 50;

/**
 * Completed documents that neither a rule nor a confident classifier could place, newest first,
 * each with the classifier's guesses and the company's categories, for a person to decide.
 * Empty while the company has no categories: then there is nothing to choose from.
 */
export async function listAwaitingCategory(db: DbOrTx, companyId: string, opts: { offset?: number; limit?: number } = {}) {
  const limit = opts.limit ?? AWAITING_PAGE_SIZE;
  const offset = opts.offset ?? 0;
  const [names, categorizer, total] = await Promise.all([
    db
      .select({ id: categories.id, name: categories.name, color: categories.color })
      .from(categories)
      .where(eq(categories.companyId, companyId))
      .orderBy(sql`lower(${categories.name})`, categories.id),
    loadCategorizer(db, companyId),
    countAwaitingCategory(db, companyId),
  ]);
  if (names.length === 0) return { items: [], categories: names, total: 0, offset, has_more: false, can_decide: false };
  const byId = new Map(names.map((c) => [c.id, c]));
  const rows = await selectCategorizable(db, companyId, awaitingCategory, { limit: limit + 1, offset, orderBy: [desc(documents.createdAt), desc(documents.id)] });
  return {
    items: rows.slice(0, limit).map((d) => ({
      id: d.id,
      // Documents always have a file name; the type is shared with rules, where it is optional.
      filename: d.filename ?? "",
      vendor: d.vendor,
      subject: d.subject,
      from: d.from,
      created_at: d.createdAt,
      suggestions: suggestCategories(categorizer, byId, d),
    })),
    // What a person may choose from, by name.
    categories: names,
    total,
    offset,
    has_more: rows.length > limit,
    // Whether rules or the classifier could decide anything yet: otherwise every document waits here.
    can_decide: canDecide(categorizer),
  };
}

/** How many documents wait for a person to choose their category (none while there are no categories). */
export async function countAwaitingCategory(db: DbOrTx, companyId: string): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(documents)
    .where(and(eq(documents.companyId, companyId), awaitingCategory, sql`exists (select 1 from ${categories} where ${categories.companyId} = ${companyId})`));
  return row.n;
}
