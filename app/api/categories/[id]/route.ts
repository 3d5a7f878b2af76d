import { parseBody, route } from "@/lib/http";
import { categoryJson, deleteCategory, getCategory, updateCategory } from "@/lib/categories/service";
import { updateCategorySchema } from "@/lib/categories/schemas";
import { services } from "@/lib/web/services";

export const GET = route(async (_req, { caller, params }) => {
  return Response.json(categoryJson(await getCategory(services().db, caller.companyId, params.id)));
});

export const PATCH = route(async (request, { caller, params }) => {
  const input = await parseBody(request, updateCategorySchema);
  return Response.json(categoryJson(await updateCategory(services().db, caller.companyId, params.id, input)));
}, { may: "categories.manage" });

export const DELETE = route(async (_req, { caller, params }) => {
  const result = await deleteCategory(services().db, caller.companyId, params.id);
  return Response.json({ deleted: true, documents_uncategorized: result.documents });
}, { may: "categories.manage" });
