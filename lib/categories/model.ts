import { and, desc, eq, inArray, isNotNull, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db, DbOrTx } from "../db/client";
import { categoryModels } from "../db/schema/categories";
import { documents } from "../db/schema/documents";
import { documentFeatures, emptyModel, learn, parseModel, prune, serializeModel, type ClassifierModel, MAX_VOCABULARY } from "./classifier";
import { selectCategorizable } from "./queries";
import { DEFAULT_THRESHOLD } from "./schemas";

/**
 * What category_models.model holds for a company: the classifier, the settings that decide how it
 * is used, and where the orphans job got to. `rev` changes whenever a decision could come out
 * differently (the classifier learned, a setting changed), which restarts the orphans job's pass.
 */
export type StoredModel = {
  rev: number;
  settings: CategorySettings;
  classifier: ClassifierModel;
  full_trained_at: string | null;
  /** Incremental changes since the last full retrain; the orphans job retrains when there are some. */
  updates_since_full: number;
  orphans: OrphansCursor | null;
};
export type CategorySettings = { threshold: number; learn_from_rules: boolean };
export type OrphansCursor = { state: string; after: { at: string; id: string } | null };

/** The newest documents people categorized, relearned from scratch: bounded, so a retrain stays cheap. */
export const RETRAIN_LIMIT = 2_000;
/** A retrain happens at most this often for incremental changes, and at least daily. */
export const RETRAIN_AFTER_UPDATES_MS = 60 * 60 * 1000;
export const RETRAIN_EVERY_MS = 24 * 60 * 60 * 1000;

const storedSchema = z.object({
  rev: z.number().int().catch(0),
  settings: z.object({ threshold: z.number().min(0).max(1).catch(DEFAULT_THRESHOLD), learn_from_rules: z.boolean().catch(false) }).catch({ threshold: DEFAULT_THRESHOLD, learn_from_rules: false }),
  classifier: z.unknown().transform(parseModel),
  full_trained_at: z.string().nullable().catch(null),
  updates_since_full: z.number().int().catch(0),
  orphans: z
    .object({ state: z.string(), after: z.object({ at: z.string(), id: z.string() }).nullable() })
    .nullable()
    .catch(null),
});

export function emptyStoredModel(): StoredModel {
  return { rev: 0, settings: { threshold: DEFAULT_THRESHOLD, learn_from_rules: false }, classifier: emptyModel(), full_trained_at: null, updates_since_full: 0, orphans: null };
}

export function parseStoredModel(json: unknown): StoredModel {
  const parsed = storedSchema.safeParse(json ?? {});
  return parsed.success ? (parsed.data as StoredModel) : emptyStoredModel();
}

// Parsed models by company, reused while their rev is unchanged: categorizing a batch reads one model once.
const cache = new Map<string, StoredModel>();
const CACHE_MAX = 200;

/** A company's model and settings (defaults when it has none yet). */
export async function loadModel(db: DbOrTx, companyId: string): Promise<StoredModel> {
  const [head] = await db
    .select({ rev: sql<number | null>`(${categoryModels.model} ->> 'rev')::int` })
    .from(categoryModels)
    .where(eq(categoryModels.companyId, companyId));
  if (!head) return emptyStoredModel();
  const cached = cache.get(companyId);
  if (cached && cached.rev === (head.rev ?? 0)) return cached;
  const [row] = await db.select({ model: categoryModels.model }).from(categoryModels).where(eq(categoryModels.companyId, companyId));
  const model = parseStoredModel(row?.model);
  if (cache.size >= CACHE_MAX) cache.delete(cache.keys().next().value!);
  cache.set(companyId, model);
  return model;
}

/**
 * Changes a company's model under a row lock, so two people categorizing at once both count.
 * `change` mutates the model it is given; the rev moves on and the row is written back.
 */
export async function updateModel(db: DbOrTx, companyId: string, change: (m: StoredModel, tx: DbOrTx) => void | Promise<void>): Promise<StoredModel> {
  const run = async (tx: DbOrTx) => {
    await tx
      .insert(categoryModels)
      .values({ companyId, model: emptyStoredModel() as unknown as Record<string, unknown>, samples: 0 })
      .onConflictDoNothing();
    const [row] = await tx.select({ model: categoryModels.model }).from(categoryModels).where(eq(categoryModels.companyId, companyId)).for("update");
    const model = parseStoredModel(row.model);
    await change(model, tx);
    if (Object.keys(model.classifier.df).length > MAX_VOCABULARY * 1.2) prune(model.classifier);
    model.rev += 1;
    model.classifier = serializeModel(model.classifier);
    await tx
      .update(categoryModels)
      .set({ model: model as unknown as Record<string, unknown>, samples: model.classifier.docs, trainedAt: new Date() })
      .where(eq(categoryModels.companyId, companyId));
    return model;
  };
  // Inside a caller's transaction the lock lasts as long as it does; alone, a short one of our own.
  return isRootDb(db) ? (db as Db).transaction(run) : run(db);
}

/** Records how far the orphans job got, without counting as a change to the model. */
export async function saveOrphansCursor(db: DbOrTx, companyId: string, cursor: OrphansCursor): Promise<void> {
  await db
    .insert(categoryModels)
    .values({ companyId, model: { ...emptyStoredModel(), orphans: cursor } as unknown as Record<string, unknown>, samples: 0 })
    .onConflictDoUpdate({ target: categoryModels.companyId, set: { model: sql`jsonb_set(${categoryModels.model}, '{orphans}', ${JSON.stringify(cursor)}::jsonb)` } });
}

/** Learns the company's classifier again from the newest categorized documents, people's choices first. */
export async function retrainModel(db: DbOrTx, companyId: string, opts: { limit?: number } = {}): Promise<StoredModel> {
  return updateModel(db, companyId, async (m, tx) => {
    const sources: ("person" | "rule")[] = m.settings.learn_from_rules ? ["person", "rule"] : ["person"];
    const docs = await selectCategorizable(tx, companyId, and(isNotNull(documents.categoryId), inArray(documents.categorySource, sources)), {
      limit: opts.limit ?? RETRAIN_LIMIT,
      orderBy: [sql`(${documents.categorySource} = 'person') desc`, desc(documents.createdAt), desc(documents.id)],
    });
    const classifier = emptyModel();
    for (const d of docs) learn(classifier, documentFeatures(d), d.categoryId!);
    prune(classifier);
    m.classifier = classifier;
    m.full_trained_at = new Date().toISOString();
    m.updates_since_full = 0;
  });
}

/** Companies whose model is due a retrain (the orphans job does them a few at a time). */
export async function companiesDueRetrain(db: DbOrTx, limit: number, now = new Date()): Promise<string[]> {
  const last = sql`coalesce((${categoryModels.model} ->> 'full_trained_at')::timestamptz, 'epoch'::timestamptz)`;
  const ago = (ms: number) => sql`${new Date(now.getTime() - ms).toISOString()}::timestamptz`;
  const rows = await db
    .select({ companyId: categoryModels.companyId })
    .from(categoryModels)
    .where(
      sql`(coalesce((${categoryModels.model} ->> 'updates_since_full')::int, 0) > 0 and ${last} <= ${ago(RETRAIN_AFTER_UPDATES_MS)})
        or (${categoryModels.samples} > 0 and ${last} <= ${ago(RETRAIN_EVERY_MS)})`,
    )
    .orderBy(categoryModels.trainedAt)
    .limit(limit);
  return rows.map((r) => r.companyId);
}

/** Where the orphans job got to for a company, read fresh (other workers move it). */
export async function loadOrphansCursor(db: DbOrTx, companyId: string): Promise<OrphansCursor | null> {
  const [row] = await db
    .select({ orphans: sql<unknown>`${categoryModels.model} -> 'orphans'` })
    .from(categoryModels)
    .where(eq(categoryModels.companyId, companyId));
  return storedSchema.shape.orphans.parse(row?.orphans ?? null);
}

function isRootDb(db: DbOrTx): boolean {
  // A drizzle transaction has `rollback`; the root database does not.
  return !("rollback" in db);
}
