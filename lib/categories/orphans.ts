import { createHash } from "node:crypto";
import { and, sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { documents } from "../db/schema/documents";
import type { Logger } from "../logger";
import { applyDecision, canDecide, decideCategory, loadCategorizer, type Categorizer } from "./categorize";
import { companiesDueRetrain, loadOrphansCursor, retrainModel, saveOrphansCursor } from "./model";
import { awaitingCategory, processedAt, selectCategorizable } from "./queries";

export const ORPHANS_PER_RUN = 5_000;
export const ORPHANS_PER_COMPANY = 1_000;
const PAGE = 200;
const RETRAINS_PER_RUN = 5;

export type OrphansResult = { retrained: number; companies: number; examined: number; categorized: number };

/**
 * Categorizes completed documents that have no category, in bounded batches. Each company keeps a
 * cursor (by when a document was last processed, so one that completes late is still seen), and a
 * run goes on where the last one stopped instead of retrying the same documents; the
 * cursor starts over when the rules, the classifier or its threshold change, since documents that
 * could not be categorized before might be now. Safe to run twice: a decided document is no orphan.
 */
export async function categorizeOrphans(db: Db, log: Logger, opts: { companyId?: string; limit?: number } = {}): Promise<OrphansResult> {
  let budget = opts.limit ?? ORPHANS_PER_RUN;
  const result: OrphansResult = { retrained: 0, companies: 0, examined: 0, categorized: 0 };

  const due = await companiesDueRetrain(db, RETRAINS_PER_RUN);
  for (const companyId of opts.companyId ? due.filter((c) => c === opts.companyId) : due) {
    await retrainModel(db, companyId);
    result.retrained++;
  }

  const companies = opts.companyId
    ? [opts.companyId]
    : (
        await db.execute<{ company_id: string }>(
          sql`select company_id from (select distinct ${documents.companyId} as company_id from ${documents} where ${awaitingCategory}) c order by random() limit 200`,
        )
      ).map((r) => r.company_id);

  for (const companyId of companies) {
    if (budget <= 0) break;
    const categorizer = await loadCategorizer(db, companyId);
    if (!canDecide(categorizer)) continue;
    result.companies++;
    const state = fingerprint(categorizer);
    const cursor = await loadOrphansCursor(db, companyId);
    let after = cursor?.state === state ? cursor.after : null;
    let left = Math.min(budget, ORPHANS_PER_COMPANY);
    while (left > 0) {
      const page = await selectCategorizable(
        db,
        companyId,
        and(awaitingCategory, after ? sql`(${processedAt}, ${documents.id}) > (${after.at}::timestamptz, ${after.id}::uuid)` : undefined),
        { limit: Math.min(PAGE, left), orderBy: [sql`${processedAt}`, sql`${documents.id}`] },
      );
      for (const doc of page) {
        const decision = decideCategory(categorizer, doc);
        if (decision.categoryId && (await applyDecision(db, doc, decision)).category_id) result.categorized++;
      }
      result.examined += page.length;
      left -= page.length;
      budget -= page.length;
      if (page.length > 0) after = { at: page[page.length - 1].processedAt, id: page[page.length - 1].id };
      if (page.length < PAGE) break;
    }
    await saveOrphansCursor(db, companyId, { state, after });
  }
  if (result.examined > 0 || result.retrained > 0) log.info(result, "orphan documents categorized");
  return result;
}

/** Changes whenever a decision could come out differently. */
function fingerprint(c: Categorizer): string {
  const rules = c.rules.map((r) => [r.id, r.kind, r.pattern, r.categoryId]);
  return createHash("sha256")
    .update(JSON.stringify({ rules, rev: c.model.rev }))
    .digest("hex")
    .slice(0, 24);
}
