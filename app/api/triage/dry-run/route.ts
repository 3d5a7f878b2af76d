import { parseBody, route } from "@/lib/http";
import { dryRun } from "@/lib/triage/dry-run";
import { dryRunSchema } from "@/lib/triage/schemas";
import { services } from "@/lib/web/services";

/** Which rule would decide a pasted email, or one of the company's, and why; records nothing. */
export const POST = route(async (request, { caller }) => {
  const input = await parseBody(request, dryRunSchema);
  return Response.json(await dryRun(services().db, caller.companyId, input));
});
