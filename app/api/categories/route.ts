import { parseBody, route } from "@/lib/http";
import { categoryJson, createCategory, listCategories } from "@/lib/categories/service";
import { createCategorySchema } from "@/lib/categories/schemas";
import { services } from "@/lib/web/services";

export const GET = route(async (_req, { caller }) => {
  return Response.json({ items: await listCategories(services().db, caller.companyId), next_cursor: null });
});

export const POST = route(async (request, { caller }) => {
  const input = await parseBody(request, createCategorySchema);
  return Response.json(categoryJson(await createCategory(services().db, caller.companyId, input)), { status: 201 });
}, { may: "categories.manage" });
