import { z } from "zod";

export const processDocumentPayload = z.object({ document_id: z.uuid(), company_id: z.uuid() });

/** Referenced by lib/ to enqueue; jobs/document-process.ts adds options and the handler. */
export const documentProcessJob = { name: "document.process", schema: processDocumentPayload } as const;

export const listDocumentsQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional(),
  status: z.enum(["pending", "processing", "completed", "error"]).optional(),
  account_id: z.uuid().optional(),
  from: z.coerce.date().optional(),
  to: z.coerce.date().optional(),
  q: z.string().trim().max(200).optional(),
});
export type ListDocumentsQuery = z.infer<typeof listDocumentsQuery>;
