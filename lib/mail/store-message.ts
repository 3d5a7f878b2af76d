import { createHash } from "node:crypto";
import { and, eq, ne, sql } from "drizzle-orm";
import type { PgBoss } from "pg-boss";
import type { Db } from "../db/client";
import { mailFolders } from "../db/schema/accounts";
import { attachments, emails } from "../db/schema/mail";
import { documents } from "../db/schema/documents";
import { enqueue } from "../queue";
import { documentProcessJob } from "../documents/schemas";
import { documentKey, rawEmailKey } from "../storage/storage";
import type { Storage } from "../storage/types";
import type { AccountFilters } from "../db/schema/accounts";
import { decideAttachment, parseMessage, type AttachmentDecision, type ParsedMessage } from "./parse";
import { globMatch } from "./attachments";

export type StoreTarget = { companyId: string; accountId: string; folder: string; uidValidity: number; uid: number };
export type StoreOptions = { maxAttachmentBytes: number; filters: AccountFilters };
export type StoreResult = { emailId: string | null; created: boolean; documents: number };

/**
 * Stores one fetched message exactly once: files first (content-addressed, so repeating is harmless),
 * then one transaction with the email, its attachments, new documents, their jobs, and the folder's
 * last UID. A crash anywhere repeats this message; it never loses or duplicates it.
 */
export async function storeMessage(
  deps: { db: Db; boss: PgBoss; storage: Storage },
  target: StoreTarget,
  raw: Buffer,
  opts: StoreOptions,
): Promise<StoreResult> {
  const rawSha256 = createHash("sha256").update(raw).digest("hex");
  let parsed: ParsedMessage | undefined;
  let parseError: string | undefined;
  try {
    parsed = await parseMessage(raw);
  } catch (err) {
    parseError = `The message could not be parsed: ${(err as Error).message}`;
  }
  const decisions = (parsed?.parts ?? []).map((p, i) => applyFilenameFilters(decideAttachment(p, i, { maxBytes: opts.maxAttachmentBytes }), opts.filters));

  const rawKey = rawEmailKey(target.companyId, rawSha256);
  const rawStorage = await deps.storage.put(rawKey, raw);
  const fileStorage = new Map<string, "local" | "s3">();
  for (const d of decisions) {
    if (d.keep && !fileStorage.has(d.sha256)) fileStorage.set(d.sha256, await deps.storage.put(documentKey(target.companyId, d.sha256), d.content));
  }

  return deps.db.transaction(async (tx) => {
    const advance = () =>
      tx
        .update(mailFolders)
        .set({ lastUid: sql`greatest(${mailFolders.lastUid}, ${target.uid})`, updatedAt: new Date() })
        .where(and(eq(mailFolders.accountId, target.accountId), eq(mailFolders.name, target.folder)));

    // After a UIDVALIDITY change the same message comes back under a new UID: move it, don't copy it.
    const [moved] = await tx
      .update(emails)
      .set({ uidValidity: target.uidValidity, uid: target.uid })
      .where(
        and(
          eq(emails.accountId, target.accountId),
          eq(emails.folder, target.folder),
          eq(emails.rawSha256, rawSha256),
          ne(emails.uidValidity, target.uidValidity),
        ),
      )
      .returning({ id: emails.id });
    if (moved) {
      await advance();
      return { emailId: moved.id, created: false, documents: 0 };
    }

    const [email] = await tx
      .insert(emails)
      .values({
        companyId: target.companyId,
        accountId: target.accountId,
        folder: target.folder,
        uidValidity: target.uidValidity,
        uid: target.uid,
        messageId: clean(parsed?.messageId, 998),
        fromAddress: clean(parsed?.from, 998),
        toAddress: clean(parsed?.to, 2000),
        subject: clean(parsed?.subject, 2000),
        sentAt: parsed?.date,
        size: raw.length,
        rawSha256,
        rawKey,
        storageType: rawStorage,
        status: parseError ? "parse_error" : "stored",
        error: parseError,
        attachmentCount: decisions.length,
      })
      .onConflictDoNothing()
      .returning({ id: emails.id });
    if (!email) {
      await advance();
      return { emailId: null, created: false, documents: 0 };
    }

    let created = 0;
    for (const d of decisions) {
      let documentId: string | null = null;
      if (d.keep) {
        const [doc] = await tx
          .insert(documents)
          .values({
            companyId: target.companyId,
            accountId: target.accountId,
            emailId: email.id,
            filename: d.filename,
            contentType: d.contentType,
            size: d.size,
            sha256: d.sha256,
            fileKey: documentKey(target.companyId, d.sha256),
            storageType: fileStorage.get(d.sha256)!,
          })
          .onConflictDoNothing()
          .returning({ id: documents.id });
        if (doc) {
          created++;
          documentId = doc.id;
          await enqueue(deps.boss, documentProcessJob, { document_id: doc.id, company_id: target.companyId }, { db: tx });
        } else {
          const [existing] = await tx
            .select({ id: documents.id })
            .from(documents)
            .where(and(eq(documents.companyId, target.companyId), eq(documents.sha256, d.sha256)));
          documentId = existing?.id ?? null;
        }
      }
      await tx.insert(attachments).values({
        companyId: target.companyId,
        emailId: email.id,
        filename: d.filename,
        declaredType: d.declaredType,
        contentType: d.keep ? d.contentType : d.contentType ?? null,
        size: d.size,
        sha256: d.keep ? d.sha256 : null,
        status: d.keep ? "document" : "skipped",
        reason: d.keep ? null : d.reason,
        documentId,
      });
    }
    await advance();
    return { emailId: email.id, created: true, documents: created };
  });
}

function applyFilenameFilters(d: AttachmentDecision, filters: AccountFilters): AttachmentDecision {
  if (!d.keep) return d;
  const include = filters.filename_include ?? [];
  const exclude = filters.filename_exclude ?? [];
  const excluded = exclude.some((p) => globMatch(p, d.filename));
  const notIncluded = include.length > 0 && !include.some((p) => globMatch(p, d.filename));
  if (!excluded && !notIncluded) return d;
  return {
    keep: false,
    filename: d.filename,
    declaredType: d.declaredType,
    contentType: d.contentType,
    size: d.size,
    reason: excluded ? "excluded by the account's file name filter" : "does not match the account's file name filter",
  };
}

/** Postgres text cannot hold NUL; a header carrying one must not make a message unstorable. */
function clean(value: string | undefined, max: number): string | undefined {
  return value?.replace(/\u0000/g, "").slice(0, max);
}
