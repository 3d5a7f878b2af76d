import { and, asc, desc, eq, getTableColumns, gte, isNull, lte, sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "../db/client";
import { documents } from "../db/schema/documents";
import { attachments, emails } from "../db/schema/mail";
import { categories } from "../db/schema/categories";
import { deleteUnreferencedFiles } from "../storage/cleanup";
import { documentFile, previewPageCount } from "./preview-keys";
import { AppError, notFound } from "../errors";
import { isUuid } from "../accounts/service";
import type { Storage } from "../storage/types";
import { FIELD_NAMES, type DocumentDetail, type DocumentFields, type DocumentListItem, type DocumentStatusJson } from "./contract";
import type { ListDocumentsQuery } from "./schemas";
import { READ_NEWEST_FIRST, searchConditions, wordsAreCommon } from "./search";

type DocumentRow = typeof documents.$inferSelect;

// A list shows no text: a page of 50 OCRed documents would otherwise carry their whole texts
// (kilobytes each) from the database for nothing.
const { text: _text, emailSearch: _emailSearch, ...LIST_COLUMNS } = getTableColumns(documents);

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

type CategoryBrief = { id: string; name: string; color: string } | null;

export function documentJson(d: Omit<DocumentRow, "text" | "emailSearch">, email?: { subject: string | null; fromAddress: string | null; sentAt: Date | null } | null, category: CategoryBrief = null): DocumentListItem {
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
    error_reason: d.errorReason,
    category: category && { id: category.id, name: category.name, color: category.color },
    category_source: d.categorySource,
    category_confidence: d.categoryConfidence,
    category_rule_id: d.categoryRuleId,
    fields: effectiveFields(d),
    line_items: d.corrections.line_items?.value ?? d.lineItems,
    summary: d.summary,
    extractor: d.extractor,
    extraction_note: d.extractionNote,
    needs_review: d.needsReview,
    review_reasons: d.reviewReasons,
    checks: d.checks,
    file_removed: d.fileRemovedAt ? { at: d.fileRemovedAt, after_days: d.fileRemovedAfterDays } : null,
    corrected: Object.keys(d.corrections.fields ?? {}).concat(d.corrections.line_items ? ["line_items"] : []),
    page_count: d.pageCount,
    text_source: d.textSource,
    storage_type: d.storageType,
    last_processed_at: d.lastProcessedAt,
    created_at: d.createdAt,
    ...(email !== undefined ? { email: email && { subject: email.subject, from: email.fromAddress, date: email.sentAt } } : {}),
  };
}

/** Each field's value with where it came from; a person's correction wins over any extractor. */
export function effectiveFields(d: Pick<DocumentRow, "fields" | "corrections">): DocumentFields {
  const out = {} as DocumentFields;
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

/** A field as people see it: their correction if any, else what was extracted. */
const effective = (name: string) => sql<string | null>`coalesce(${documents.corrections} #>> ${`{fields,${name},value}`}, ${documents.fields} #>> ${`{${name},value}`})`;
const effectiveTotal = sql<number | null>`(${effective("total")})::numeric`;
const effectiveIssueDate = sql<string | null>`${effective("issue_date")}`;
const effectiveVendor = sql<string | null>`lower(${effective("vendor")})`;

const SORTS: Record<ListDocumentsQuery["sort"], SQL[]> = {
  newest: [desc(documents.createdAt), desc(documents.id)],
  oldest: [asc(documents.createdAt), asc(documents.id)],
  total_desc: [sql`${effectiveTotal} desc nulls last`, desc(documents.id)],
  total_asc: [sql`${effectiveTotal} asc nulls last`, asc(documents.id)],
  issue_date_desc: [sql`${effectiveIssueDate} desc nulls last`, desc(documents.id)],
  issue_date_asc: [sql`${effectiveIssueDate} asc nulls last`, asc(documents.id)],
  vendor: [sql`${effectiveVendor} asc nulls last`, asc(documents.id)],
};

/**
 * Filtered, searched and sorted. Newest-first pages are keyset-paginated on (created_at, id), so
 * pages stay stable while mail arrives; other orders page by position.
 */
export async function listDocuments(db: DbOrTx, companyId: string, query: ListQuery) {
  const q = { ...query, sort: query.sort ?? "newest" };
  const page = decodeCursor(q.cursor, q.sort);
  // Common words: the newest documents are read in order until the page is full (search.ts).
  const rows = (await wordsAreCommon(db, companyId, q.q))
    ? await db.transaction(async (tx) => {
        await tx.execute(READ_NEWEST_FIRST);
        return documentListQuery(tx, companyId, q);
      })
    : await documentListQuery(db, companyId, q);
  const items = rows.slice(0, q.limit);
  const last = items.at(-1);
  const more = rows.length > q.limit && last;
  return {
    items: items.map((r) => documentJson(r.doc, { subject: r.subject, fromAddress: r.fromAddress, sentAt: r.sentAt }, r.category)),
    next_cursor: !more ? null : q.sort === "newest" ? encodeCursor(`k|${last.at}|${last.doc.id}`) : encodeCursor(`o|${(page.kind === "offset" ? page.offset : 0) + q.limit}`),
  };
}

type ListQuery = Omit<ListDocumentsQuery, "sort"> & { sort?: ListDocumentsQuery["sort"] };

/** The list's query, one row more than a page (to know whether another follows); not yet run. */
export function documentListQuery(db: DbOrTx, companyId: string, query: ListQuery) {
  const q = { ...query, sort: query.sort ?? "newest" };
  const where: SQL[] = [eq(documents.companyId, companyId)];
  if (q.status) where.push(eq(documents.status, q.status));
  if (q.account_id) where.push(eq(documents.accountId, q.account_id));
  if (q.category_id) where.push(q.category_id === "none" ? isNull(documents.categoryId) : eq(documents.categoryId, q.category_id));
  if (q.needs_review !== undefined) where.push(eq(documents.needsReview, q.needs_review));
  if (q.from) where.push(gte(documents.createdAt, q.from));
  if (q.to) where.push(lte(documents.createdAt, q.to));
  if (q.min_total !== undefined) where.push(sql`${effectiveTotal} >= ${q.min_total}`);
  if (q.max_total !== undefined) where.push(sql`${effectiveTotal} <= ${q.max_total}`);
  where.push(...searchConditions(q.q));
  const page = decodeCursor(q.cursor, q.sort);
  if (page.kind === "key") {
    const t = sql`${page.at}::timestamptz`;
    // A row comparison, the same rows as created_at < t or (created_at = t and id < last id): so
    // Postgres starts the index (company_id, created_at, id) at the cursor instead of reading and
    // dropping every newer document (page 200 read 10,000 of them).
    where.push(sql`(${documents.createdAt}, ${documents.id}) < (${t}, ${page.id}::uuid)`);
  }
  return db
    .select({ doc: LIST_COLUMNS, at: sql<string>`${documents.createdAt}::text`, subject: emails.subject, fromAddress: emails.fromAddress, sentAt: emails.sentAt, category: categories })
    .from(documents)
    .leftJoin(emails, and(eq(emails.id, documents.emailId), eq(emails.companyId, companyId)))
    .leftJoin(categories, and(eq(categories.id, documents.categoryId), eq(categories.companyId, companyId)))
    .where(and(...where))
    .orderBy(...SORTS[q.sort])
    .limit(q.limit + 1)
    .offset(page.kind === "offset" ? page.offset : 0);
}

export async function getDocument(db: DbOrTx, companyId: string, id: string) {
  if (!isUuid(id)) throw notFound("documents");
  const [row] = await db
    .select({ doc: documents, email: emails, category: categories })
    .from(documents)
    .leftJoin(emails, and(eq(emails.id, documents.emailId), eq(emails.companyId, companyId)))
    .leftJoin(categories, and(eq(categories.id, documents.categoryId), eq(categories.companyId, companyId)))
    .where(and(eq(documents.id, id), eq(documents.companyId, companyId)));
  if (!row) throw notFound("documents");
  return row;
}

export async function documentDetail(db: DbOrTx, companyId: string, id: string): Promise<DocumentDetail> {
  const { doc, email, category } = await getDocument(db, companyId, id);
  return {
    ...documentJson(doc, email, category),
    text: doc.text,
    preview_pages: doc.fileRemovedAt ? 0 : previewPageCount(doc),
    email: email && { id: email.id, subject: email.subject, from: email.fromAddress, to: email.toAddress, date: email.sentAt, folder: email.folder, status: email.status, error: email.error },
  };
}

export async function documentStatus(db: DbOrTx, companyId: string, id: string): Promise<DocumentStatusJson> {
  const { doc } = await getDocument(db, companyId, id);
  return {
    processing_stage: doc.processingStage,
    progress_percentage: doc.progressPercentage,
    last_processed_at: doc.lastProcessedAt,
    status: doc.status,
    error_message: doc.errorMessage,
    error_reason: doc.errorReason,
  };
}

export async function readDocumentFile(db: DbOrTx, storage: Storage, companyId: string, id: string) {
  const { doc } = await getDocument(db, companyId, id);
  return { doc, bytes: await readStoredFile(storage, doc) };
}

/** The document's original from storage; 410 when it is gone. */
export async function readStoredFile(storage: Storage, doc: Pick<DocumentRow, "storageType" | "fileKey" | "fileRemovedAt" | "fileRemovedAfterDays">): Promise<Buffer> {
  assertFileKept(doc);
  try {
    return await storage.get(doc.storageType, doc.fileKey);
  } catch {
    throw new AppError("documents.file_missing", "The original file is no longer stored (it may have been cleaned up)", { status: 410 });
  }
}

/** 410 for a document whose file retention removed, saying so in the words the page uses. */
export function assertFileKept(doc: Pick<DocumentRow, "fileRemovedAt" | "fileRemovedAfterDays">): void {
  if (!doc.fileRemovedAt) return;
  const days = doc.fileRemovedAfterDays;
  throw new AppError("documents.file_removed", days ? `File removed after ${days} days` : "File removed", { status: 410, details: { days: days ?? 0 } });
}

export async function deleteDocument(db: DbOrTx, storage: Storage, companyId: string, id: string) {
  const { doc } = await getDocument(db, companyId, id);
  await db.delete(documents).where(and(eq(documents.id, id), eq(documents.companyId, companyId)));
  await db.update(attachments).set({ documentId: null }).where(and(eq(attachments.documentId, id), eq(attachments.companyId, companyId)));
  await deleteUnreferencedFiles(db, storage, [documentFile(doc)]);
}

export async function documentCounts(db: DbOrTx, companyId: string) {
  const rows = await db
    .select({ status: documents.status, n: sql<number>`count(*)::int` })
    .from(documents)
    .where(eq(documents.companyId, companyId))
    .groupBy(documents.status);
  return Object.fromEntries(rows.map((r) => [r.status, r.n])) as Record<string, number>;
}

function encodeCursor(value: string) {
  return Buffer.from(value).toString("base64url");
}

type Page = { kind: "first" } | { kind: "key"; at: string; id: string } | { kind: "offset"; offset: number };

function decodeCursor(cursor: string | undefined, sort: ListDocumentsQuery["sort"]): Page {
  if (!cursor) return { kind: "first" };
  const bad = () => new AppError("documents.bad_cursor", "cursor is not valid", { status: 400 });
  const [kind, a, b] = Buffer.from(cursor, "base64url").toString().split("|");
  if (kind === "k" && sort === "newest") {
    if (!b || !isUuid(b) || !/^\d{4}-\d{2}-\d{2} [\d:.]+[+-]\d{2}(:\d{2})?$/.test(a ?? "")) throw bad();
    return { kind: "key", at: a, id: b };
  }
  if (kind === "o" && sort !== "newest" && /^\d{1,7}$/.test(a ?? "")) return { kind: "offset", offset: Number(a) };
  throw bad();
}
