import { parseBody, publicRoute } from "@/lib/http";
import { setupSchema } from "@/lib/auth/schemas";
import { hasAnyUser, setupFirstAdmin, userJson } from "@/lib/auth/users";
import { getDb } from "@/lib/db/client";

export const GET = publicRoute(async () => Response.json({ needs_setup: !(await hasAnyUser(getDb())) }));

export const POST = publicRoute(async (request) => {
  const input = await parseBody(request, setupSchema);
  const user = await setupFirstAdmin(getDb(), input);
  return Response.json(userJson(user), { status: 201 });
});
