import { parseBody, route } from "@/lib/http";
import { getDocumentCategory, setDocumentCategory } from "@/lib/categories/categorize";
import { setDocumentCategorySchema } from "@/lib/categories/schemas";
import { services } from "@/lib/web/services";

/** The category, why it was given, and the classifier's suggestions (for review). */
export const GET = route(async (_req, { caller, params }) => {
  return Response.json(await getDocumentCategory(services().db, caller.companyId, params.id));
});

/** A person's choice: always wins, and teaches the classifier. `{category_id: null}` means no category. */
export const PUT = route(async (request, { caller, params }) => {
  const { category_id } = await parseBody(request, setDocumentCategorySchema);
  return Response.json(await setDocumentCategory(services().db, caller, params.id, category_id));
});
