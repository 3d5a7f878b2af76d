import { parseBody, route } from "@/lib/http";
import { getCategorySettings, updateCategorySettings } from "@/lib/categories/service";
import { categorySettingsSchema } from "@/lib/categories/schemas";
import { services } from "@/lib/web/services";

export const GET = route(async (_req, { caller }) => {
  return Response.json(await getCategorySettings(services().db, caller.companyId));
});

export const PATCH = route(async (request, { caller }) => {
  const input = await parseBody(request, categorySettingsSchema);
  return Response.json(await updateCategorySettings(services().db, caller.companyId, input));
}, { may: "categories.manage" });
