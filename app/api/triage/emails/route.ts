import { parseQuery, route } from "@/lib/http";
import { countWaitingEmails, listReviewEmails } from "@/lib/triage/review";
import { reviewListQuery } from "@/lib/triage/schemas";
import { services } from "@/lib/web/services";

/** Emails triage sent to a person (`?status=waiting|done`), newest first, with how many wait. */
export const GET = route(async (request, { caller }) => {
  const query = parseQuery(request, reviewListQuery);
  const { db } = services();
  const [items, waiting] = await Promise.all([listReviewEmails(db, caller.companyId, query), countWaitingEmails(db, caller.companyId)]);
  return Response.json({ items, waiting, next_cursor: null });
});
