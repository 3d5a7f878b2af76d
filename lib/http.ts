import { randomUUID } from "node:crypto";
import { getServerSession } from "next-auth";
import { z, ZodError } from "zod";
import { authOptions } from "./auth/next-auth";
import { callerFromToken } from "./auth/tokens";
import { assertCan, type Permission } from "./auth/permissions";
import { callerFromSession, type Caller } from "./auth/users";
import { getDb } from "./db/client";
import { AppError, publicError } from "./errors";
import { logger, type Logger } from "./logger";

export type RouteContext = { caller: Caller; log: Logger; params: Record<string, string> };
type Handler = (request: Request, ctx: RouteContext) => Promise<Response>;
type NextContext = { params: Promise<Record<string, string>> };

/**
 * The one wrapper for API routes: who is calling (session or Bearer token), company scope, errors as JSON.
 * `may` names the permission (lib/auth/permissions.ts) the caller needs; without it the answer is 403.
 */
export function route(handler: Handler, opts: { may?: Permission } = {}) {
  return async (request: Request, next: NextContext): Promise<Response> => {
    const requestId = randomUUID();
    const log = logger.child({ requestId, method: request.method, path: new URL(request.url).pathname });
    try {
      const caller = await resolveCaller(request);
      if (!caller) throw new AppError("auth.required", "Sign in or send an API token (Authorization: Bearer …)", { status: 401 });
      if (opts.may) assertCan(caller.role, opts.may);
      return await handler(request, { caller, log: log.child({ companyId: caller.companyId }), params: (await next?.params) ?? {} });
    } catch (err) {
      return errorResponse(err, log);
    }
  };
}

/** For the few routes that work without a caller (health, setup). */
export function publicRoute(handler: (request: Request, log: Logger) => Promise<Response>) {
  return async (request: Request): Promise<Response> => {
    const log = logger.child({ requestId: randomUUID(), path: new URL(request.url).pathname });
    try {
      return await handler(request, log);
    } catch (err) {
      return errorResponse(err, log);
    }
  };
}

export async function parseBody<S extends z.ZodType>(request: Request, schema: S): Promise<z.infer<S>> {
  let body: unknown;
  try {
    body = await request.json();
  } catch {
    throw new AppError("request.invalid_json", "The request body must be JSON", { status: 400 });
  }
  return schema.parse(body);
}

export function parseQuery<S extends z.ZodType>(request: Request, schema: S): z.infer<S> {
  return schema.parse(Object.fromEntries(new URL(request.url).searchParams));
}

export function errorResponse(err: unknown, log: Logger): Response {
  if (err instanceof ZodError) {
    const fields = err.issues.map((i) => ({ path: i.path.join("."), message: i.message }));
    const message = fields.map((f) => (f.path ? `${f.path}: ${f.message}` : f.message)).join("; ");
    return Response.json({ error: { code: "validation_failed", message, fields } }, { status: 422 });
  }
  if (err instanceof AppError) {
    if (err.status >= 500) log.error({ err }, err.message);
    const message = err.expose ? err.message : "Something went wrong";
    return Response.json({ error: { code: err.code, message, ...(err.details ? { details: err.details } : {}) } }, { status: err.status });
  }
  log.error({ err }, "unexpected error");
  const { code, message, status } = publicError(err);
  return Response.json({ error: { code, message } }, { status });
}

async function resolveCaller(request: Request): Promise<Caller | null> {
  const header = request.headers.get("authorization");
  if (header?.toLowerCase().startsWith("bearer ")) return callerFromToken(getDb(), header.slice(7).trim());
  return callerFromSession(getDb(), await getServerSession(authOptions));
}

/** The signed-in person for server components, or null. */
export async function sessionCaller(): Promise<Caller | null> {
  return callerFromSession(getDb(), await getServerSession(authOptions));
}
