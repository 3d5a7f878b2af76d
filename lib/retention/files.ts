import { and, asc, eq, gte, inArray, isNull, lt, ne } from "drizzle-orm";
import type { DbOrTx } from "../db/client";
import { companies } from "../db/schema/companies";
import { documents } from "../db/schema/documents";
import { emails } from "../db/schema/mail";
import { previewKeys } from "../documents/preview-keys";
import type { Storage } from "../storage/types";

export const RETENTION_BATCH = 200;

export type FilesPurged = { company_id: string; retention_days: number; cutoff: string | null; documents: number; raw_messages: number };

/**
 * Deletes a company's stored attachment files (with their previews) and raw messages older than
 * its retention, and marks their rows; the rows themselves (fields, text, category) stay. Works
 * in batches that each commit, so a big archive never sits in one transaction, and a run that
 * dies half-way is finished by the next: deleting a file that is already gone is not an error.
 */
export async function purgeExpiredFiles(db: DbOrTx, storage: Storage, companyId: string, opts: { now?: Date; batch?: number } = {}): Promise<FilesPurged> {
  const [company] = await db.select({ retentionDays: companies.retentionDays }).from(companies).where(eq(companies.id, companyId));
  const days = company?.retentionDays ?? 0;
  const result: FilesPurged = { company_id: companyId, retention_days: days, cutoff: null, documents: 0, raw_messages: 0 };
  if (!company || days <= 0) return result;
  const cutoff = new Date((opts.now ?? new Date()).getTime() - days * 86_400_000);
  result.cutoff = cutoff.toISOString();
  const batch = opts.batch ?? RETENTION_BATCH;

  for (;;) {
    const docs = await db
      .select({ id: documents.id, fileKey: documents.fileKey, storageType: documents.storageType, contentType: documents.contentType, pageCount: documents.pageCount })
      .from(documents)
      // Documents still being read keep their file until they are done (the sweep sees they finish).
      .where(and(eq(documents.companyId, companyId), lt(documents.createdAt, cutoff), isNull(documents.fileRemovedAt), inArray(documents.status, ["completed", "error"])))
      .orderBy(asc(documents.createdAt))
      .limit(batch);
    if (docs.length === 0) break;
    // Files first, then the mark: a crash in between leaves rows that the next run deletes (again) and marks.
    for (const d of docs) {
      await storage.delete(d.storageType, d.fileKey);
      await Promise.all(previewKeys(d).map((key) => storage.delete(d.storageType, key)));
    }
    await db
      .update(documents)
      .set({ fileRemovedAt: new Date(), fileRemovedAfterDays: days })
      .where(and(eq(documents.companyId, companyId), inArray(documents.id, docs.map((d) => d.id))));
    result.documents += docs.length;
  }

  for (;;) {
    const raws = await db
      .select({ id: emails.id, rawKey: emails.rawKey, storageType: emails.storageType })
      .from(emails)
      .where(and(eq(emails.companyId, companyId), lt(emails.createdAt, cutoff), isNull(emails.rawRemovedAt)))
      .orderBy(asc(emails.createdAt))
      .limit(batch);
    if (raws.length === 0) break;
    for (const r of raws) {
      // Raw messages are content-addressed: a newer email of another mailbox may hold the same file.
      const [newer] = await db
        .select({ id: emails.id })
        .from(emails)
        .where(and(eq(emails.companyId, companyId), eq(emails.rawKey, r.rawKey), ne(emails.id, r.id), gte(emails.createdAt, cutoff)))
        .limit(1);
      if (!newer) await storage.delete(r.storageType, r.rawKey);
    }
    await db
      .update(emails)
      .set({ rawRemovedAt: new Date() })
      .where(and(eq(emails.companyId, companyId), inArray(emails.id, raws.map((r) => r.id))));
    result.raw_messages += raws.length;
  }
  return result;
}
