import { eq } from "drizzle-orm";
import type { DbOrTx } from "../db/client";
import { emails } from "../db/schema/mail";
import { documents } from "../db/schema/documents";
import type { Storage, StorageType } from "./types";

/** `derived`: keys made from this file (its previews), deleted with it. */
export type StoredFile = { key: string; type: StorageType; derived?: string[] };

/**
 * Deletes files no row points at any more. Files are content-addressed within a company, so
 * another account's email or document may still share one.
 */
export async function deleteUnreferencedFiles(db: DbOrTx, storage: Storage, files: StoredFile[]): Promise<number> {
  let deleted = 0;
  const seen = new Set<string>();
  for (const f of files) {
    if (seen.has(f.key)) continue;
    seen.add(f.key);
    const [email] = await db.select({ id: emails.id }).from(emails).where(eq(emails.rawKey, f.key)).limit(1);
    const [doc] = await db.select({ id: documents.id }).from(documents).where(eq(documents.fileKey, f.key)).limit(1);
    if (email || doc) continue;
    await storage.delete(f.type, f.key);
    await Promise.all((f.derived ?? []).map((key) => storage.delete(f.type, key)));
    deleted++;
  }
  return deleted;
}
