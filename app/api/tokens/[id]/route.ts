import { route } from "@/lib/http";
import { revokeApiToken } from "@/lib/auth/tokens";
import { services } from "@/lib/web/services";
import { isUuid } from "@/lib/accounts/service";
import { notFound } from "@/lib/errors";

export const DELETE = route(async (_req, { caller, params }) => {
  if (!isUuid(params.id)) throw notFound("tokens");
  await revokeApiToken(services().db, caller, params.id);
  return Response.json({ deleted: true });
});
