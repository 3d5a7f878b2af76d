import { parseBody, route } from "@/lib/http";
import { createTriageRule, listTriageRules, triageRuleJson } from "@/lib/triage/rules";
import { createTriageRuleSchema } from "@/lib/triage/schemas";
import { services } from "@/lib/web/services";

/** The company's triage rules in the order they are tried. */
export const GET = route(async (_req, { caller }) => {
  const rules = await listTriageRules(services().db, caller.companyId);
  return Response.json({ items: rules.map(triageRuleJson), next_cursor: null });
});

export const POST = route(async (request, { caller }) => {
  const input = await parseBody(request, createTriageRuleSchema);
  return Response.json(triageRuleJson(await createTriageRule(services().db, caller.companyId, input)), { status: 201 });
}, { may: "triage.manage" });
