import { parseBody, route } from "@/lib/http";
import { createApiToken, listApiTokens } from "@/lib/auth/tokens";
import { createTokenSchema } from "@/lib/auth/schemas";
import { services } from "@/lib/web/services";

export const GET = route(async (_req, { caller }) => Response.json({ items: await listApiTokens(services().db, caller), next_cursor: null }));

export const POST = route(async (request, { caller }) => {
  const { name } = await parseBody(request, createTokenSchema);
  return Response.json(await createApiToken(services().db, caller, name), { status: 201 });
});
