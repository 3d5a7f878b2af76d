import { parseBody, route } from "@/lib/http";
import { deleteRule, getRule, ruleJson, updateRule } from "@/lib/categories/service";
import { updateRuleSchema } from "@/lib/categories/schemas";
import { services } from "@/lib/web/services";

export const GET = route(async (_req, { caller, params }) => {
  return Response.json(ruleJson(await getRule(services().db, caller.companyId, params.id)));
});

export const PATCH = route(async (request, { caller, params }) => {
  const input = await parseBody(request, updateRuleSchema);
  return Response.json(ruleJson(await updateRule(services().db, caller.companyId, params.id, input)));
}, { may: "categories.manage" });

export const DELETE = route(async (_req, { caller, params }) => {
  await deleteRule(services().db, caller.companyId, params.id);
  return Response.json({ deleted: true });
}, { may: "categories.manage" });
