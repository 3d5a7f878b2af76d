// Learned vendor layouts in the database: written when a person corrects a field, read when the
// same vendor's next document is extracted. The logic is in lib/extract/learned/; this is storage.
import { and, eq, inArray, sql } from "drizzle-orm";
import type { DbOrTx } from "../db/client";
import { vendorLayouts } from "../db/schema/layouts";
import { apply, learn } from "../extract/learned/layout";
import { LEARNABLE_FIELDS, type LearnableField } from "../extract/learned/types";
import { vendorKeys } from "../extract/learned/vendor";
import { summarize } from "../extract/rules";
import type { ExtractedFields, Extraction } from "../extract/types";

/** What tells who issued a document: its text, the email's sender and recipient, the vendor's name as read or corrected. */
export type VendorSource = { text: string; sender?: string | null; recipient?: string | null; vendor?: string | null };

/**
 * Remembers, for each corrected field whose value the text shows, how to find it on this vendor's
 * documents: one row per vendor key the document has, replacing what an earlier correction taught.
 * Returns the fields learned; a value the text does not show teaches nothing.
 */
export async function learnFromCorrection(db: DbOrTx, companyId: string, input: { documentId: string; by: string; source: VendorSource; fields: Partial<Record<string, unknown>> }): Promise<LearnableField[]> {
  const keys = vendorKeys(evidence(input.source));
  if (!keys.length) return [];
  const learned = LEARNABLE_FIELDS.flatMap((field) => {
    const value = input.fields[field];
    if (typeof value !== "string" && typeof value !== "number") return [];
    const layout = learn(input.source.text, value, field);
    return layout ? [{ field, layout }] : [];
  });
  if (!learned.length) return [];
  await db
    .insert(vendorLayouts)
    .values(keys.flatMap((vendorKey) => learned.map(({ field, layout }) => ({ companyId, vendorKey, field, layout, documentId: input.documentId, learnedBy: input.by }))))
    .onConflictDoUpdate({
      target: [vendorLayouts.companyId, vendorLayouts.vendorKey, vendorLayouts.field],
      set: { layout: sql`excluded.layout`, documentId: sql`excluded.document_id`, learnedBy: sql`excluded.learned_by`, updatedAt: sql`now()` },
    });
  return learned.map((l) => l.field);
}

/**
 * The fields this document's vendor has learned layouts for, read from its text with source
 * "learned". Each field comes from the strongest vendor key that finds it.
 */
export async function learnedFields(db: DbOrTx, companyId: string, source: VendorSource): Promise<ExtractedFields> {
  const keys = vendorKeys(evidence(source));
  if (!keys.length) return {};
  const rows = await db
    .select({ vendorKey: vendorLayouts.vendorKey, field: vendorLayouts.field, layout: vendorLayouts.layout })
    .from(vendorLayouts)
    .where(and(eq(vendorLayouts.companyId, companyId), inArray(vendorLayouts.vendorKey, keys)));
  rows.sort((a, b) => keys.indexOf(a.vendorKey) - keys.indexOf(b.vendorKey));
  const fields: Record<string, unknown> = {};
  for (const row of rows) {
    if (row.field in fields) continue;
    const found = apply(source.text, row.layout);
    if (found) fields[row.field] = { value: found.value, confidence: found.confidence, source: "learned", ...(found.usual ? { usual: true } : {}) };
  }
  return fields as ExtractedFields;
}

/** An extraction with the vendor's learned fields put before what the rules or Gemini read. */
export async function withLearnedFields<E extends Extraction>(db: DbOrTx, companyId: string, source: VendorSource, extraction: E): Promise<E> {
  const learned = await learnedFields(db, companyId, { ...source, vendor: source.vendor ?? extraction.fields.vendor?.value });
  if (!Object.keys(learned).length) return extraction;
  // A usual value (currency, type) gives way to what the document itself shows with more certainty.
  const fields: Record<string, unknown> = { ...extraction.fields };
  for (const [name, value] of Object.entries(learned) as [keyof ExtractedFields, { confidence: number; usual?: boolean }][]) {
    const own = extraction.fields[name];
    if (value.usual && own && own.confidence >= value.confidence) continue;
    const { usual: _usual, ...field } = value;
    fields[name] = field;
  }
  const summary = extraction.summary_source === "gemini" ? extraction.summary : summarize({ ...extraction, fields: fields as ExtractedFields }, /\bVAT\b|מע"?מ|\bTVA\b|\bMwSt\b|\bBTW\b|\bIVA\b/i.test(source.text) ? "VAT" : "tax");
  return { ...extraction, fields: fields as ExtractedFields, summary };
}

const evidence = (s: VendorSource) => ({ text: s.text, sender: s.sender ?? undefined, recipient: s.recipient ?? undefined, vendor: s.vendor ?? undefined });
