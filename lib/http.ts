import { randomUUID } from "node:crypto";
import { getServerSession } from "next-auth";
import { z, ZodError } from "zod";
import { authOptions } from "./auth/next-auth";
import { callerFromToken } from "./auth/tokens";
import { assertCan, type Permission } from "./auth/permissions";
import { callerFromSession, type Caller } from "./auth/users";
import { getDb } from "./db/client";
import { env } from "./env";
import { AppError, publicError } from "./errors";
import { DEFAULT_LOCALE, type Locale } from "./i18n/locales";
import { localizedError, localizedIssue, requestLocaleOf } from "./i18n/translate";
import { logger, type Logger } from "./logger";

export type RouteContext = { caller: Caller; log: Logger; params: Record<string, string> };
type Handler = (request: Request, ctx: RouteContext) => Promise<Response>;
type NextContext = { params: Promise<Record<string, string>> };

const UNSAFE_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);
/** JSON bodies over this are refused before parsing. */
export const MAX_JSON_BYTES = 1024 * 1024;
/** Routes anyone can reach (setup) take less. */
export const MAX_PUBLIC_BODY_BYTES = 64 * 1024;

/**
 * The one wrapper for API routes: who is calling (session or Bearer token), company scope, errors as JSON.
 * `may` names the permission (lib/auth/permissions.ts) the caller needs; without it the answer is 403.
 */
export function route(handler: Handler, opts: { may?: Permission } = {}) {
  return async (request: Request, next: NextContext): Promise<Response> => {
    const requestId = randomUUID();
    const log = logger.child({ requestId, method: request.method, path: new URL(request.url).pathname });
    let caller: Caller | null = null;
    try {
      caller = await resolveCaller(request);
      if (!caller) throw new AppError("auth.required", "Sign in or send an API token (Authorization: Bearer …)", { status: 401 });
      if (opts.may) assertCan(caller.role, opts.may);
      return await handler(request, { caller, log: log.child({ companyId: caller.companyId }), params: (await next?.params) ?? {} });
    } catch (err) {
      return errorResponse(err, log, requestLocaleOf(request, caller?.locale));
    }
  };
}

/** For the few routes that work without a caller (health, setup). */
export function publicRoute(handler: (request: Request, log: Logger) => Promise<Response>) {
  return async (request: Request): Promise<Response> => {
    const log = logger.child({ requestId: randomUUID(), path: new URL(request.url).pathname });
    try {
      // Buffered under the cap here, so no handler reads an unbounded body from a stranger.
      if (UNSAFE_METHODS.has(request.method) && request.body) request = new Request(request.url, await cappedBody(request, MAX_PUBLIC_BODY_BYTES));
      return await handler(request, log);
    } catch (err) {
      return errorResponse(err, log, requestLocaleOf(request));
    }
  };
}

export async function parseBody<S extends z.ZodType>(request: Request, schema: S): Promise<z.infer<S>> {
  const type = request.headers.get("content-type")?.split(";")[0].trim().toLowerCase();
  if (type !== "application/json") {
    throw new AppError("request.unsupported_media_type", "Send the body as JSON with Content-Type: application/json", { status: 415 });
  }
  const bytes = await readCapped(request, MAX_JSON_BYTES);
  let body: unknown;
  try {
    body = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    throw new AppError("request.invalid_json", "The request body must be JSON", { status: 400 });
  }
  return schema.parse(body);
}

export function parseQuery<S extends z.ZodType>(request: Request, schema: S): z.infer<S> {
  return schema.parse(Object.fromEntries(new URL(request.url).searchParams));
}

/** The JSON error answer, its messages in `locale` (the API's English by default). */
export function errorResponse(err: unknown, log: Logger, locale: Locale = DEFAULT_LOCALE): Response {
  if (err instanceof ZodError) {
    const fields = err.issues.map((i) => ({ path: i.path.join("."), message: localizedIssue(i, locale) }));
    const message = fields.map((f) => (f.path ? `${f.path}: ${f.message}` : f.message)).join("; ");
    return Response.json({ error: { code: "validation_failed", message, fields } }, { status: 422 });
  }
  if (err instanceof AppError) {
    if (err.status >= 500) log.error({ err }, err.message);
    const message = err.expose ? localizedError(err.code, err.message, locale, messageValues(err.details)) : localizedError("internal", "Something went wrong", locale);
    return Response.json({ error: { code: err.code, message, ...(err.details ? { details: err.details } : {}) } }, { status: err.status });
  }
  log.error({ err }, "unexpected error");
  const { code, message, status } = publicError(err);
  return Response.json({ error: { code, message: localizedError(code, message, locale) } }, { status });
}

/** The caller behind a Bearer token or a session cookie, or null; a cookie on an unsafe request must come from this site. */
export async function resolveCaller(request: Request): Promise<Caller | null> {
  const header = request.headers.get("authorization");
  if (header?.toLowerCase().startsWith("bearer ")) return callerFromToken(getDb(), header.slice(7).trim());
  if (!request.headers.has("cookie")) return null;
  // A browser attaches the cookie to another site's forms and fetches too: only our own pages may change things.
  if (UNSAFE_METHODS.has(request.method) && !fromOwnOrigin(request)) {
    throw new AppError("auth.bad_origin", "This request came from another site and was refused: open Mailroom itself and try again", { status: 403 });
  }
  return callerFromSession(getDb(), await getServerSession(authOptions));
}

/** The signed-in person for server components, or null. */
export async function sessionCaller(): Promise<Caller | null> {
  return callerFromSession(getDb(), await getServerSession(authOptions));
}

/** Origin (or, without it, Referer) names this app: PUBLIC_URL, or the host the request was sent to. */
function fromOwnOrigin(request: Request): boolean {
  const source = request.headers.get("origin") ?? request.headers.get("referer");
  if (!source || source === "null") return false;
  let origin: URL;
  try {
    origin = new URL(source);
  } catch {
    return false;
  }
  const publicUrl = env().PUBLIC_URL;
  if (publicUrl) return origin.origin === new URL(publicUrl).origin;
  // Without PUBLIC_URL the browser's own address is the host it sent the request to (a proxy may pass it on).
  const hosts = [request.headers.get("host"), request.headers.get("x-forwarded-host"), new URL(request.url).host];
  return hosts.includes(origin.host);
}

/** The request's method, headers and body read under `max` bytes: what a new Request needs to replace it. */
export async function cappedBody(request: Request, max: number): Promise<{ method: string; headers: Headers; body: Uint8Array<ArrayBuffer> }> {
  return { method: request.method, headers: request.headers, body: await readCapped(request, max) };
}

/** Reads a body up to `max` bytes, counting what arrives rather than trusting Content-Length. */
async function readCapped(request: Request, max: number): Promise<Uint8Array<ArrayBuffer>> {
  const tooLarge = () => new AppError("request.too_large", `The request body is over ${Math.round(max / 1024)} KB`, { status: 413 });
  if (Number(request.headers.get("content-length")) > max) throw tooLarge();
  if (!request.body) return new Uint8Array();
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(value);
  }
  const body = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    body.set(c, at);
    at += c.byteLength;
  }
  return body;
}

/** An error's details, when they are plain numbers and strings, fill its translated message's blanks ({days}). */
function messageValues(details: unknown): Record<string, string | number> | undefined {
  if (!details || typeof details !== "object" || Array.isArray(details)) return undefined;
  const entries = Object.entries(details).filter(([, v]) => typeof v === "string" || typeof v === "number");
  return entries.length ? (Object.fromEntries(entries) as Record<string, string | number>) : undefined;
}
