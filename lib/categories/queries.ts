import { and, asc, eq, isNull, ne, or, sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "../db/client";
import { categoryRules } from "../db/schema/categories";
import { documents } from "../db/schema/documents";
import { emails } from "../db/schema/mail";
import { REGEX_MAX_TEXT } from "./safe-regex";
import type { Rule, RuleInput } from "./rules";

/** Completed, without a category, and no person said "none": what the orphans job (and a person reviewing) looks at. */
export const awaitingCategory = and(eq(documents.status, "completed"), isNull(documents.categoryId), or(isNull(documents.categorySource), ne(documents.categorySource, "person")))!;

export const processedAt = sql`coalesce(${documents.lastProcessedAt}, ${documents.createdAt})`;

/** A document as categorization sees it: its text, file name, email and the vendor people see. */
export type CategorizableDocument = RuleInput & {
  id: string;
  companyId: string;
  status: string;
  categoryId: string | null;
  categorySource: "rule" | "classifier" | "person" | null;
  createdAt: string;
  /** When processing last touched it (else when it arrived): the orphans job's cursor follows this. */
  processedAt: string;
};

/** Documents of one company, with what rules and the classifier read; `where` narrows them further. */
export async function selectCategorizable(db: DbOrTx, companyId: string, where: SQL | undefined, opts: { limit: number; offset?: number; orderBy?: SQL[] }): Promise<CategorizableDocument[]> {
  const rows = await db
    .select({
      id: documents.id,
      companyId: documents.companyId,
      status: documents.status,
      categoryId: documents.categoryId,
      categorySource: documents.categorySource,
      createdAt: sql<string>`${documents.createdAt}::text`,
      processedAt: sql<string>`${processedAt}::text`,
      text: sql<string | null>`substring(${documents.text} from 1 for ${REGEX_MAX_TEXT})`,
      filename: documents.filename,
      extractedVendor: sql<string | null>`${documents.fields} #>> '{vendor,value}'`,
      correctedVendor: sql<{ value: string | null } | null>`${documents.corrections} #> '{fields,vendor}'`,
      subject: emails.subject,
      from: emails.fromAddress,
    })
    .from(documents)
    .leftJoin(emails, and(eq(emails.id, documents.emailId), eq(emails.companyId, companyId)))
    .where(and(eq(documents.companyId, companyId), where))
    .orderBy(...(opts.orderBy ?? [asc(documents.createdAt), asc(documents.id)]))
    .limit(opts.limit)
    .offset(opts.offset ?? 0);
  return rows.map(({ extractedVendor, correctedVendor, ...r }) => ({
    ...r,
    // A person's correction wins, even one that cleared the vendor.
    vendor: correctedVendor ? correctedVendor.value : extractedVendor,
  }));
}

/** A company's rules in the order they are tried. */
export async function selectRules(db: DbOrTx, companyId: string): Promise<(Rule & { position: number; createdAt: Date })[]> {
  return db
    .select({ id: categoryRules.id, categoryId: categoryRules.categoryId, kind: categoryRules.kind, pattern: categoryRules.pattern, position: categoryRules.position, createdAt: categoryRules.createdAt })
    .from(categoryRules)
    .where(eq(categoryRules.companyId, companyId))
    .orderBy(asc(categoryRules.position), asc(categoryRules.createdAt), asc(categoryRules.id));
}
