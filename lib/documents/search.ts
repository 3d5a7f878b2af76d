// Full-text search over documents: every word of the query must appear in the document's file
// name, text (OCR or text layer) or vendor, or in the subject or sender of the email that brought
// it (copied onto the document when it is stored: one table, so Postgres can choose per query
// between the index and reading the newest documents until a page is full). Matching is
// ILIKE '%word%', which treats Hebrew and English alike and needs no language's dictionary.
// With pg_trgm (drizzle/0004_search.sql) a trigram index answers rare words without reading
// every document; without it the same query gives the same answer, more slowly. The expression
// must stay exactly as the index spells it, or Postgres cannot use the index
// (tests/integration/documents-api.test.ts checks the plan).
import { sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "../db/client";

/**
 * What a document is searched by, one string (the separator cannot be part of a query word):
 * the expression of documents_search_trgm_idx in drizzle/0004_search.sql, column for column.
 */
const DOCUMENT_SEARCH = sql.raw(
  `(coalesce("documents".filename, '') || E'\\n' || coalesce("documents".text, '') || E'\\n'` +
    ` || coalesce("documents".corrections #>> '{fields,vendor,value}', "documents".fields #>> '{vendor,value}', '')` +
    ` || E'\\n' || coalesce("documents".email_search, ''))`,
);

/** The email's part of a document's search text: its subject and sender. */
export function emailSearchText(email: { subject?: string | null; from?: string | null }): string {
  return `${email.subject ?? ""}\n${email.from ?? ""}`;
}

/** The same in SQL, over an `emails` row aliased `e` (a document moved to another copy of its email; the benchmark's archive). */
export const EMAIL_SEARCH_SQL = `coalesce(e.subject, '') || E'\\n' || coalesce(e.from_address, '')`;

/** Query words: split on whitespace, at most 8, with LIKE's wildcards taken literally. */
export function searchPatterns(q: string | undefined): string[] {
  return (q ?? "")
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 8)
    .map((word) => `%${word.replace(/[%_\\]/g, "\\$&")}%`);
}

/** One condition per word, on the documents table. */
export function searchConditions(q: string | undefined): SQL[] {
  return searchPatterns(q).map((like) => sql`${DOCUMENT_SEARCH} ilike ${like}`);
}

/** How many of the newest documents the plan choice looks at, and how many matches make words common. */
const PROBE_DOCUMENTS = 200;
const COMMON_MATCHES = 10;

/**
 * Whether the words are common among the company's newest documents. Postgres cannot know: the
 * texts are too long for its column statistics, so it always expects few matches and takes the
 * index, which must then check every match ("invoice" matches nearly all) before sorting them.
 * For common words, reading the newest documents until a page is full is far quicker. This
 * reads the newest 200 and stops at the 10th match (5%): a millisecond for common words, a few
 * for rare ones, which the index then finds at once.
 */
export async function wordsAreCommon(db: DbOrTx, companyId: string, q: string | undefined): Promise<boolean> {
  const patterns = searchPatterns(q);
  if (!patterns.length) return false;
  const window = sql`select ${DOCUMENT_SEARCH} as s from documents where company_id = ${companyId} order by created_at desc limit ${PROBE_DOCUMENTS}`;
  const matches = patterns.map((like) => sql`w.s ilike ${like}`);
  const [row] = await db.execute<{ n: number }>(sql`select count(*)::int as n from (select 1 from (${window}) w where ${sql.join(matches, sql` and `)} limit ${COMMON_MATCHES}) m`);
  return row.n >= COMMON_MATCHES;
}

/** For a common search: no index, and the newest documents read in order (for this transaction). */
export const READ_NEWEST_FIRST = sql`select set_config('enable_bitmapscan', 'off', true), set_config('enable_seqscan', 'off', true)`;
