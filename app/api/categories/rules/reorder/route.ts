import { parseBody, route } from "@/lib/http";
import { reorderRules, ruleJson } from "@/lib/categories/service";
import { reorderRulesSchema } from "@/lib/categories/schemas";
import { services } from "@/lib/web/services";

/** `{ids}` lists every rule in the new order; the first is tried first. */
export const POST = route(async (request, { caller }) => {
  const { ids } = await parseBody(request, reorderRulesSchema);
  const rules = await reorderRules(services().db, caller.companyId, ids);
  return Response.json({ items: rules.map(ruleJson), next_cursor: null });
}, { may: "categories.manage" });
