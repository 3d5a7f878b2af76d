import { and, eq, inArray, lt, or, sql } from "drizzle-orm";
import type { PgBoss } from "pg-boss";
import type { Db, DbOrTx } from "../db/client";
import { documents, type DocumentCorrections } from "../db/schema/documents";
import type { Caller } from "../auth/users";
import { enqueue } from "../queue";
import { assertFileKept, getDocument } from "./queries";
import { learnFromCorrection } from "./layouts";
import type { CorrectDocumentInput } from "./contract";
import { documentProcessJob } from "./schemas";
import { timestamptz } from "../db/time";

/**
 * Keeps a person's corrections beside what was extracted; `reviewed` takes the document off the
 * review list. Each corrected field also teaches where to find it on this vendor's next document.
 */
export async function correctDocument(db: DbOrTx, caller: Pick<Caller, "companyId" | "email">, id: string, input: CorrectDocumentInput) {
  const { doc, email } = await getDocument(db, caller.companyId, id);
  const at = new Date().toISOString();
  const corrections: DocumentCorrections = { ...doc.corrections, fields: { ...doc.corrections.fields } };
  for (const [name, value] of Object.entries(input.fields ?? {})) {
    corrections.fields![name as keyof NonNullable<DocumentCorrections["fields"]>] = { value: value ?? null, by: caller.email, at };
  }
  if (input.line_items) corrections.line_items = { value: input.line_items, by: caller.email, at };
  // The correction and what it teaches land together: a failure leaves neither.
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(documents)
      .set({ corrections, ...(input.reviewed !== undefined ? { needsReview: !input.reviewed } : {}) })
      .where(and(eq(documents.id, doc.id), eq(documents.companyId, caller.companyId)))
      .returning();
    if (input.fields && doc.text) {
      const vendor = corrections.fields?.vendor?.value ?? doc.fields.vendor?.value;
      const source = { text: doc.text, sender: email?.fromAddress, recipient: email?.toAddress, vendor: typeof vendor === "string" ? vendor : null };
      await learnFromCorrection(tx, caller.companyId, { documentId: doc.id, by: caller.email, source, fields: input.fields });
    }
    return row;
  });
}

/** Runs the whole pipeline again from the file; corrections stay. */
export async function reprocessDocument(db: Db, boss: PgBoss, companyId: string, id: string) {
  const { doc } = await getDocument(db, companyId, id);
  // Reading the text again needs the file; without it reprocessing would only erase what was read.
  assertFileKept(doc);
  return db.transaction(async (tx) => {
    await tx
      .update(documents)
      .set({ status: "pending", processingStage: "pending", progressPercentage: 0, errorMessage: null, errorReason: null, text: null, pageCount: null, textSource: null, stageStartedAt: new Date(), lastProcessedAt: new Date() })
      .where(and(eq(documents.id, doc.id), eq(documents.companyId, companyId)));
    return enqueue(boss, documentProcessJob, { document_id: doc.id, company_id: companyId }, { db: tx, singletonKey: doc.id });
  });
}

export const STUCK_AFTER_SECONDS = { pending: 10 * 60, processing: 15 * 60 } as const;

/** Documents waiting or working past their timeout, with no live job: queue them again. */
export async function requeueStuckDocuments(db: Db, boss: PgBoss, now = new Date()): Promise<number> {
  const since = (s: number) => timestamptz(new Date(now.getTime() - s * 1000));
  const stuck = await db
    .select({ id: documents.id, companyId: documents.companyId })
    .from(documents)
    .where(
      or(
        and(eq(documents.status, "pending"), lt(sql`coalesce(${documents.stageStartedAt}, ${documents.createdAt})`, since(STUCK_AFTER_SECONDS.pending))),
        and(eq(documents.status, "processing"), lt(documents.stageStartedAt, since(STUCK_AFTER_SECONDS.processing))),
      ),
    )
    .limit(500);
  let queued = 0;
  for (const d of stuck) {
    // singletonKey: a document already queued or running is left alone.
    if (await enqueue(boss, documentProcessJob, { document_id: d.id, company_id: d.companyId }, { singletonKey: d.id })) queued++;
  }
  if (stuck.length) await db.update(documents).set({ stageStartedAt: now }).where(inArray(documents.id, stuck.map((d) => d.id)));
  return queued;
}
