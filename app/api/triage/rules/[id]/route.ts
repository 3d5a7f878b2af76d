import { parseBody, route } from "@/lib/http";
import { deleteTriageRule, getTriageRule, triageRuleJson, updateTriageRule } from "@/lib/triage/rules";
import { updateTriageRuleSchema } from "@/lib/triage/schemas";
import { services } from "@/lib/web/services";

export const GET = route(async (_req, { caller, params }) => Response.json(triageRuleJson(await getTriageRule(services().db, caller.companyId, params.id))));

/** Any of name, conditions, outcome; a new position moves the rule there. */
export const PATCH = route(async (request, { caller, params }) => {
  const input = await parseBody(request, updateTriageRuleSchema);
  return Response.json(triageRuleJson(await updateTriageRule(services().db, caller.companyId, params.id, input)));
}, { may: "triage.manage" });

export const DELETE = route(async (_req, { caller, params }) => {
  await deleteTriageRule(services().db, caller.companyId, params.id);
  return Response.json({ deleted: true });
}, { may: "triage.manage" });
