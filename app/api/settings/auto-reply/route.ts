import { parseBody, route } from "@/lib/http";
import { autoReplySettingsInput } from "@/lib/triage/schemas";
import { getAutoReplySettings, resetAutoReplySettings, saveAutoReplySettings } from "@/lib/triage/auto-reply-settings";
import { services } from "@/lib/web/services";

/** The company's acknowledgement template and limits (the defaults until saved). */
export const GET = route(async (_request, { caller }) => Response.json(await getAutoReplySettings(services().db, caller.companyId)));

export const PUT = route(
  async (request, { caller }) => {
    const input = await parseBody(request, autoReplySettingsInput);
    return Response.json(await saveAutoReplySettings(services().db, caller.companyId, input));
  },
  { may: "company.manage" },
);

/** Back to the defaults in the company's language. */
export const DELETE = route(async (_request, { caller }) => Response.json(await resetAutoReplySettings(services().db, caller.companyId)), { may: "company.manage" });
