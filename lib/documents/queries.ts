import { and, desc, eq, gte, ilike, lt, lte, or, sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "../db/client";
import { documents } from "../db/schema/documents";
import { attachments, emails } from "../db/schema/mail";
import { deleteUnreferencedFiles } from "../storage/cleanup";
import { AppError, notFound } from "../errors";
import { isUuid } from "../accounts/service";
import type { Storage } from "../storage/types";
import type { ListDocumentsQuery } from "./schemas";

type DocumentRow = typeof documents.$inferSelect;

export const STAGE_PROGRESS: Record<string, number> = {
  pending: 0,
  ocr: 10,
  extracting_basic_info: 20,
  basic_info_completed: 33,
  extracting_table: 50,
  table_completed: 66,
  extracting_summary: 80,
  all_completed: 100,
};

export function documentJson(d: DocumentRow, email?: { subject: string | null; fromAddress: string | null; sentAt: Date | null } | null) {
  return {
    id: d.id,
    account_id: d.accountId,
    email_id: d.emailId,
    filename: d.filename,
    content_type: d.contentType,
    size: d.size,
    sha256: d.sha256,
    status: d.status,
    processing_stage: d.processingStage,
    progress_percentage: d.progressPercentage,
    error_message: d.errorMessage,
    category: null,
    fields: effectiveFields(d),
    line_items: d.corrections.line_items?.value ?? d.lineItems,
    summary: d.summary,
    extractor: d.extractor,
    extraction_note: d.extractionNote,
    needs_review: d.needsReview,
    review_reasons: d.reviewReasons,
    checks: d.checks,
    corrected: Object.keys(d.corrections.fields ?? {}).concat(d.corrections.line_items ? ["line_items"] : []),
    page_count: d.pageCount,
    text_source: d.textSource,
    storage_type: d.storageType,
    last_processed_at: d.lastProcessedAt,
    created_at: d.createdAt,
    ...(email !== undefined ? { email: email && { subject: email.subject, from: email.fromAddress, date: email.sentAt } } : {}),
  };
}

const FIELD_NAMES = ["document_type", "vendor", "number", "issue_date", "due_date", "currency", "subtotal", "tax", "total"] as const;

/** Each field's value with where it came from; a person's correction wins over any extractor. */
export function effectiveFields(d: Pick<DocumentRow, "fields" | "corrections">) {
  const out: Record<string, { value: string | number | null; confidence: number | null; source: string; extracted?: unknown } | null> = {};
  for (const name of FIELD_NAMES) {
    const corrected = d.corrections.fields?.[name];
    const extracted = d.fields[name];
    out[name] = corrected
      ? { value: corrected.value, confidence: 1, source: "person", extracted: extracted?.value ?? null }
      : extracted
        ? { value: extracted.value, confidence: extracted.confidence, source: extracted.source }
        : null;
  }
  return out;
}

/** Newest first, keyset-paginated on (created_at, id) so pages stay stable while mail arrives. */
export async function listDocuments(db: DbOrTx, companyId: string, q: ListDocumentsQuery) {
  const where: SQL[] = [eq(documents.companyId, companyId)];
  if (q.status) where.push(eq(documents.status, q.status));
  if (q.account_id) where.push(eq(documents.accountId, q.account_id));
  if (q.from) where.push(gte(documents.createdAt, q.from));
  if (q.to) where.push(lte(documents.createdAt, q.to));
  if (q.q) {
    const like = `%${q.q.replace(/[%_\\]/g, "\\$&")}%`;
    where.push(or(ilike(documents.filename, like), ilike(emails.subject, like), ilike(emails.fromAddress, like))!);
  }
  if (q.cursor) {
    // The cursor keeps Postgres's microseconds: a JS Date would round them away and skip rows.
    const [at, id] = decodeCursor(q.cursor);
    const t = sql`${at}::timestamptz`;
    where.push(or(sql`${documents.createdAt} < ${t}`, and(sql`${documents.createdAt} = ${t}`, lt(documents.id, id)))!);
  }
  const rows = await db
    .select({ doc: documents, at: sql<string>`${documents.createdAt}::text`, subject: emails.subject, fromAddress: emails.fromAddress, sentAt: emails.sentAt })
    .from(documents)
    .leftJoin(emails, and(eq(emails.id, documents.emailId), eq(emails.companyId, companyId)))
    .where(and(...where))
    .orderBy(desc(documents.createdAt), desc(documents.id))
    .limit(q.limit + 1);
  const page = rows.slice(0, q.limit);
  const last = page.at(-1);
  return {
    items: page.map((r) => documentJson(r.doc, { subject: r.subject, fromAddress: r.fromAddress, sentAt: r.sentAt })),
    next_cursor: rows.length > q.limit && last ? encodeCursor(last.at, last.doc.id) : null,
  };
}

export async function getDocument(db: DbOrTx, companyId: string, id: string) {
  if (!isUuid(id)) throw notFound("documents");
  const [row] = await db
    .select({ doc: documents, email: emails })
    .from(documents)
    .leftJoin(emails, and(eq(emails.id, documents.emailId), eq(emails.companyId, companyId)))
    .where(and(eq(documents.id, id), eq(documents.companyId, companyId)));
  if (!row) throw notFound("documents");
  return row;
}

export async function documentDetail(db: DbOrTx, companyId: string, id: string) {
  const { doc, email } = await getDocument(db, companyId, id);
  return {
    ...documentJson(doc, email),
    text: doc.text,
    email: email && { id: email.id, subject: email.subject, from: email.fromAddress, to: email.toAddress, date: email.sentAt, folder: email.folder, status: email.status, error: email.error },
  };
}

export async function documentStatus(db: DbOrTx, companyId: string, id: string) {
  const { doc } = await getDocument(db, companyId, id);
  return {
    processing_stage: doc.processingStage,
    progress_percentage: doc.progressPercentage,
    last_processed_at: doc.lastProcessedAt,
    status: doc.status,
    error_message: doc.errorMessage,
  };
}

export async function readDocumentFile(db: DbOrTx, storage: Storage, companyId: string, id: string) {
  const { doc } = await getDocument(db, companyId, id);
  try {
    return { doc, bytes: await storage.get(doc.storageType, doc.fileKey) };
  } catch {
    throw new AppError("documents.file_missing", "The original file is no longer stored (it may have been cleaned up)", { status: 410 });
  }
}

export async function deleteDocument(db: DbOrTx, storage: Storage, companyId: string, id: string) {
  const { doc } = await getDocument(db, companyId, id);
  await db.delete(documents).where(and(eq(documents.id, id), eq(documents.companyId, companyId)));
  await db.update(attachments).set({ documentId: null }).where(and(eq(attachments.documentId, id), eq(attachments.companyId, companyId)));
  await deleteUnreferencedFiles(db, storage, [{ key: doc.fileKey, type: doc.storageType }]);
}

export async function documentCounts(db: DbOrTx, companyId: string) {
  const rows = await db
    .select({ status: documents.status, n: sql<number>`count(*)::int` })
    .from(documents)
    .where(eq(documents.companyId, companyId))
    .groupBy(documents.status);
  return Object.fromEntries(rows.map((r) => [r.status, r.n])) as Record<string, number>;
}

function encodeCursor(at: string, id: string) {
  return Buffer.from(`${at}|${id}`).toString("base64url");
}

function decodeCursor(cursor: string): [string, string] {
  const [at, id] = Buffer.from(cursor, "base64url").toString().split("|");
  if (!id || !isUuid(id) || !/^\d{4}-\d{2}-\d{2} [\d:.]+[+-]\d{2}(:\d{2})?$/.test(at ?? "")) {
    throw new AppError("documents.bad_cursor", "cursor is not valid", { status: 400 });
  }
  return [at, id];
}
