import { parseBody, route } from "@/lib/http";
import { createRule, listRules, ruleJson } from "@/lib/categories/service";
import { createRuleSchema } from "@/lib/categories/schemas";
import { services } from "@/lib/web/services";

export const GET = route(async (_req, { caller }) => {
  const rules = await listRules(services().db, caller.companyId);
  return Response.json({ items: rules.map(ruleJson), next_cursor: null });
});

export const POST = route(async (request, { caller }) => {
  const input = await parseBody(request, createRuleSchema);
  return Response.json(ruleJson(await createRule(services().db, caller.companyId, input)), { status: 201 });
}, { may: "categories.manage" });
