import { parseBody, route } from "@/lib/http";
import { smtpSettingsInput } from "@/lib/outbox/schemas";
import { getSmtpSettings, removeSmtpSettings, saveSmtpSettings } from "@/lib/outbox/settings";
import { services } from "@/lib/web/services";

/** Where the company's email goes out: its own server, SMTP_URL, or nowhere yet. Never the password. */
export const GET = route(async (_request, { caller }) => Response.json(await getSmtpSettings(services().db, caller.companyId)), { may: "company.manage" });

export const PUT = route(
  async (request, { caller }) => {
    const input = await parseBody(request, smtpSettingsInput);
    return Response.json(await saveSmtpSettings(services().db, services().keyring, caller.companyId, input));
  },
  { may: "company.manage" },
);

/** Back to the installation's SMTP_URL. */
export const DELETE = route(async (_request, { caller }) => Response.json(await removeSmtpSettings(services().db, caller.companyId)), { may: "company.manage" });
