import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { generateKey } from "@/lib/crypto/secrets";
import { setEnv } from "@/lib/env";
import { createTestDatabase, type TestDatabase } from "./db";

/** Points the web layer (route handlers, services()) at a test database before anything reads the environment. */
export function useWebEnv(databaseUrl: string, extra: Record<string, string> = {}) {
  setEnv({ DATABASE_URL: databaseUrl, ...extra });
}

export type WebTest = { tdb: TestDatabase; dataDir: string; key: string; services: typeof import("@/lib/web/services").services; stop(): Promise<void> };

/** A test file's own database and data folder, with the web layer pointed at them; `stop` removes both. */
export async function startWebTest(name: string): Promise<WebTest> {
  const tdb = await createTestDatabase();
  const dataDir = await mkdtemp(path.join(os.tmpdir(), `mailroom-${name}-`));
  const key = generateKey();
  useWebEnv(tdb.url, { ENCRYPTION_KEY: key, AUTH_SECRET: "test-secret-test-secret", DATA_DIR: dataDir });
  const { services } = await import("@/lib/web/services");
  return {
    tdb,
    dataDir,
    key,
    services,
    async stop() {
      await (await services().boss()).stop({ graceful: false, close: true });
      await tdb.drop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
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
