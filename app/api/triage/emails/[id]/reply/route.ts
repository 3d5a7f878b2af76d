import { parseBody, route } from "@/lib/http";
import { replyToEmail } from "@/lib/triage/review";
import { replyInputSchema } from "@/lib/triage/schemas";
import { services } from "@/lib/web/services";

/** `{text}`: a short answer sent over SMTP in the email's thread; answers the email with its replies. */
export const POST = route(async (request, { caller, params }) => {
  const input = await parseBody(request, replyInputSchema);
  return Response.json(await replyToEmail(services().db, await services().boss(), caller, params.id, input), { status: 201 });
});
