import { parseBody, route } from "@/lib/http";
import { getCompany, updateCompany } from "@/lib/company/service";
import { updateCompanySchema } from "@/lib/company/schemas";
import { services } from "@/lib/web/services";

/** The caller's company and its settings. */
export const GET = route(async (_req, { caller }) => Response.json({ company: await getCompany(services().db, caller.companyId) }));

/** `{default_currency}`: an ISO 4217 code, or null (or "") for none. */
export const PATCH = route(async (request, { caller }) => {
  const input = await parseBody(request, updateCompanySchema);
  return Response.json({ company: await updateCompany(services().db, caller.companyId, input) });
}, { may: "company.manage" });
