import { createHash } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { defineJob } from "@/lib/queue";
import { documentProcessJob } from "@/lib/documents/schemas";
import { documents } from "@/lib/db/schema/documents";

/**
 * Receives a stored document: checks its file is there and intact. The OCR and extraction
 * stages build on this (see ARCHITECTURE.md, document pipeline).
 */
export const documentProcess = defineJob({
  ...documentProcessJob,
  options: { retryLimit: 2, retryDelay: 10, retryBackoff: true, expireInSeconds: 600, heartbeatSeconds: 30 },
  async handler(data, ctx) {
    const where = and(eq(documents.id, data.document_id), eq(documents.companyId, data.company_id));
    const [doc] = await ctx.db.select().from(documents).where(where);
    if (!doc) return { skipped: true };
    let error: string | null = null;
    try {
      const bytes = await ctx.storage.get(doc.storageType, doc.fileKey);
      if (createHash("sha256").update(bytes).digest("hex") !== doc.sha256) error = "The stored file does not match its checksum";
    } catch {
      error = "The stored file is missing";
    }
    await ctx.db
      .update(documents)
      .set(error ? { status: "error", processingStage: "error", errorMessage: error, lastProcessedAt: new Date() } : { lastProcessedAt: new Date() })
      .where(where);
    return { received: !error };
  },
});
