import { eq } from "drizzle-orm";
import type { DbOrTx } from "../db/client";
import { companies } from "../db/schema/companies";
import { notFound } from "../errors";
import type { Company, UpdateCompanyInput } from "./schemas";

export async function getCompany(db: DbOrTx, companyId: string): Promise<Company> {
  const [row] = await db.select().from(companies).where(eq(companies.id, companyId));
  if (!row) throw notFound("companies");
  return companyJson(row);
}

/** Changes only the settings sent. */
export async function updateCompany(db: DbOrTx, companyId: string, input: UpdateCompanyInput): Promise<Company> {
  const changes = {
    ...(input.default_currency !== undefined ? { defaultCurrency: input.default_currency } : {}),
    ...(input.time_zone !== undefined ? { timeZone: input.time_zone } : {}),
    ...(input.retention_days !== undefined ? { retentionDays: input.retention_days } : {}),
  };
  if (Object.keys(changes).length === 0) return getCompany(db, companyId);
  const [row] = await db.update(companies).set(changes).where(eq(companies.id, companyId)).returning();
  if (!row) throw notFound("companies");
  return companyJson(row);
}

const companyJson = (row: typeof companies.$inferSelect): Company => ({ id: row.id, name: row.name, default_currency: row.defaultCurrency, time_zone: row.timeZone, retention_days: row.retentionDays });
