import { parseBody, route } from "@/lib/http";
import { actOnReviewEmail, getReviewEmail } from "@/lib/triage/review";
import { reviewActionSchema } from "@/lib/triage/schemas";
import { services } from "@/lib/web/services";

export const GET = route(async (_req, { caller, params }) => Response.json(await getReviewEmail(services().db, caller.companyId, params.id)));

/** `{action: "done"}` or `{action: "reclassify", outcome}`: a person's decision on the email. */
export const POST = route(async (request, { caller, params }) => {
  const input = await parseBody(request, reviewActionSchema);
  return Response.json(await actOnReviewEmail(services().db, await services().boss(), caller, params.id, input));
});
