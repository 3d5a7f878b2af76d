// A company's triage rules: list, create, change, move and delete, always within the caller's company.
import { and, asc, eq, sql } from "drizzle-orm";
import type { Db, DbOrTx } from "../db/client";
import { triageRules } from "../db/schema/triage";
import { AppError, notFound } from "../errors";
import { isUuid } from "../accounts/service";
import { MAX_TRIAGE_RULES, type CreateTriageRuleInput, type TriageRule, type UpdateTriageRuleInput } from "./schemas";

export type TriageRuleRow = typeof triageRules.$inferSelect;

export const triageRuleJson = (r: TriageRuleRow): TriageRule => ({
  id: r.id,
  name: r.name,
  position: r.position,
  conditions: r.conditions,
  outcome: r.outcome,
  created_at: r.createdAt,
  updated_at: r.updatedAt,
});

/** Rules in the order they are tried; positions are always 0..n-1. */
export async function listTriageRules(db: DbOrTx, companyId: string): Promise<TriageRuleRow[]> {
  return db.select().from(triageRules).where(eq(triageRules.companyId, companyId)).orderBy(asc(triageRules.position), asc(triageRules.createdAt), asc(triageRules.id));
}

export async function getTriageRule(db: DbOrTx, companyId: string, id: string): Promise<TriageRuleRow> {
  if (!isUuid(id)) throw notFound("triage_rules");
  const [row] = await db.select().from(triageRules).where(and(eq(triageRules.id, id), eq(triageRules.companyId, companyId)));
  if (!row) throw notFound("triage_rules");
  return row;
}

/** Without a position the rule goes last, so the rules already in place keep deciding first. */
export async function createTriageRule(db: Db, companyId: string, input: CreateTriageRuleInput): Promise<TriageRuleRow> {
  return db.transaction(async (tx) => {
    await lockRules(tx, companyId);
    const current = await listTriageRules(tx, companyId);
    if (current.length >= MAX_TRIAGE_RULES) throw new AppError("triage_rules.limit_reached", `A company can have at most ${MAX_TRIAGE_RULES} triage rules; delete one before adding another`, { status: 409 });
    const at = Math.min(input.position ?? current.length, current.length);
    const [row] = await tx.insert(triageRules).values({ companyId, name: input.name, position: at, conditions: input.conditions, outcome: input.outcome }).returning();
    await renumber(tx, companyId, [...current.slice(0, at), row, ...current.slice(at)]);
    return getTriageRule(tx, companyId, row.id);
  });
}

/** A new `position` moves the rule there; the others close up around it. */
export async function updateTriageRule(db: Db, companyId: string, id: string, input: UpdateTriageRuleInput): Promise<TriageRuleRow> {
  return db.transaction(async (tx) => {
    await lockRules(tx, companyId);
    await getTriageRule(tx, companyId, id);
    const { position, ...rest } = input;
    if (Object.keys(rest).length) await tx.update(triageRules).set({ ...rest, updatedAt: new Date() }).where(and(eq(triageRules.id, id), eq(triageRules.companyId, companyId)));
    if (position !== undefined) {
      const others = (await listTriageRules(tx, companyId)).filter((r) => r.id !== id);
      const moved = await getTriageRule(tx, companyId, id);
      const at = Math.min(position, others.length);
      await renumber(tx, companyId, [...others.slice(0, at), moved, ...others.slice(at)]);
    }
    return getTriageRule(tx, companyId, id);
  });
}

/** Emails the rule triaged keep their outcome and reason; they just no longer point at it (set null). */
export async function deleteTriageRule(db: Db, companyId: string, id: string): Promise<void> {
  await db.transaction(async (tx) => {
    await lockRules(tx, companyId);
    await getTriageRule(tx, companyId, id);
    await tx.delete(triageRules).where(and(eq(triageRules.id, id), eq(triageRules.companyId, companyId)));
    await renumber(tx, companyId, await listTriageRules(tx, companyId));
  });
}

async function renumber(tx: DbOrTx, companyId: string, ordered: TriageRuleRow[]) {
  for (const [i, r] of ordered.entries())
    if (r.position !== i) await tx.update(triageRules).set({ position: i }).where(and(eq(triageRules.id, r.id), eq(triageRules.companyId, companyId)));
}

/** Serializes position changes within one company: two creates or moves never interleave. */
async function lockRules(tx: DbOrTx, companyId: string) {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext('triage_rules'), hashtext(${companyId}))`);
}
