import { setEnv } from "@/lib/env";

/** Points the web layer (route handlers, services()) at a test database before anything reads the environment. */
export function useWebEnv(databaseUrl: string, extra: Record<string, string> = {}) {
  setEnv({ DATABASE_URL: databaseUrl, ...extra });
}

type RouteHandler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;

/**
 * Calls a route handler the way Next.js does, with a Bearer token. `headers` adds or overrides
 * (cookie, origin, content-type); `rawBody` is sent as it is instead of JSON.
 */
export async function call(
  handler: RouteHandler,
  opts: { method?: string; path?: string; token?: string; body?: unknown; rawBody?: BodyInit; headers?: Record<string, string>; params?: Record<string, string> },
) {
  const headers: Record<string, string> = {};
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  if (opts.body !== undefined) headers["content-type"] = "application/json";
  Object.assign(headers, opts.headers);
  const req = new Request(`http://localhost${opts.path ?? "/"}`, {
    method: opts.method ?? "GET",
    headers,
    body: opts.rawBody ?? (opts.body === undefined ? undefined : JSON.stringify(opts.body)),
    ...(opts.rawBody instanceof ReadableStream ? { duplex: "half" } : {}),
  } as RequestInit);
  const res = await handler(req, { params: Promise.resolve(opts.params ?? {}) });
  const bytes = Buffer.from(await res.arrayBuffer());
  const text = bytes.toString();
  let json: any;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, json, text, bytes, headers: res.headers };
}
