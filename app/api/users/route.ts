import { parseBody, route } from "@/lib/http";
import { createUser, listUsers, userJson } from "@/lib/auth/users";
import { createUserSchema } from "@/lib/auth/schemas";
import { services } from "@/lib/web/services";

export const GET = route(async (_req, { caller }) => Response.json({ items: (await listUsers(services().db, caller.companyId)).map(userJson), next_cursor: null }));

export const POST = route(
  async (request, { caller }) => {
    const input = await parseBody(request, createUserSchema);
    const user = await createUser(services().db, { companyId: caller.companyId }, input);
    return Response.json(userJson(user), { status: 201 });
  },
  { may: "people.manage" },
);
