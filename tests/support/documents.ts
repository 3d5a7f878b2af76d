import { randomBytes } from "node:crypto";
import type postgres from "postgres";

export type SeedDocument = {
  at: Date;
  status?: "pending" | "processing" | "completed" | "error";
  categoryId?: string | null;
  total?: number;
  currency?: string;
  /** What a person changed, as documents.corrections holds it. */
  corrections?: { fields?: Record<string, { value: string | number | null; by: string; at: string }> };
  filename?: string;
};

/** A document row as a finished pipeline leaves it (no stored file): for pages and queries that only read rows. */
export async function insertDocument(sql: postgres.Sql, companyId: string, d: SeedDocument): Promise<string> {
  const fields: Record<string, { value: unknown; confidence: number; source: string }> = {};
  if (d.total !== undefined) fields.total = { value: d.total, confidence: 0.9, source: "rules" };
  if (d.currency !== undefined) fields.currency = { value: d.currency, confidence: 0.9, source: "rules" };
  const sha = randomBytes(32).toString("hex");
  const [row] = await sql`
    insert into documents (company_id, filename, content_type, size, sha256, file_key, storage_type, status, category_id, fields, corrections, created_at)
    values (${companyId}, ${d.filename ?? `doc-${sha.slice(0, 6)}.pdf`}, 'application/pdf', 1000, ${sha}, ${`seed/${sha}`}, 'local', ${d.status ?? "completed"},
      ${d.categoryId ?? null}, ${JSON.stringify(fields)}::jsonb, ${JSON.stringify(d.corrections ?? {})}::jsonb, ${d.at.toISOString()})
    returning id`;
  return row.id;
}

export async function insertCategory(sql: postgres.Sql, companyId: string, name: string, color: string): Promise<string> {
  const [row] = await sql`insert into categories (company_id, name, color) values (${companyId}, ${name}, ${color}) returning id`;
  return row.id;
}
