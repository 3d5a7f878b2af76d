import { parseBody, route } from "@/lib/http";
import { smtpTestInput } from "@/lib/outbox/schemas";
import { sendTestEmail } from "@/lib/outbox/settings";
import { services } from "@/lib/web/services";

/** Sends a test email with the saved settings and answers with the server's exact words. */
export const POST = route(
  async (request, { caller }) => {
    const input = await parseBody(request, smtpTestInput);
    return Response.json(await sendTestEmail(services().db, services().keyring, caller, input.to));
  },
  { may: "company.manage" },
);
