import { route } from "@/lib/http";
import { documentStatus } from "@/lib/documents/queries";
import { services } from "@/lib/web/services";

export const GET = route(async (_req, { caller, params }) => Response.json(await documentStatus(services().db, caller.companyId, params.id)));
