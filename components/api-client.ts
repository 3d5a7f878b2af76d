// Browser-side calls to the JSON API; errors carry the API's message and per-field messages.

export type FieldErrors = Record<string, string>;

export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code: string,
    readonly fields: FieldErrors = {},
  ) {
    super(message);
  }
}

export async function api<T = unknown>(path: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, {
      method: init.method ?? "GET",
      headers: init.body === undefined ? undefined : { "content-type": "application/json" },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
      credentials: "same-origin",
    });
  } catch {
    throw new ApiError("Could not reach Mailroom: check your connection and try again", 0, NETWORK_ERROR);
  }
  const json = await res.json().catch(() => undefined);
  if (!res.ok) {
    const err = json?.error as { code?: string; message?: string; fields?: { path: string; message: string }[] } | undefined;
    const fields: FieldErrors = {};
    for (const f of err?.fields ?? []) if (f.path && !fields[f.path]) fields[f.path] = f.message;
    throw new ApiError(err?.message ?? `Request failed (${res.status})`, res.status, err?.code ?? "unknown", fields);
  }
  return json as T;
}

const NETWORK_ERROR = "network";

/** The words the browser itself adds: the API's own messages already speak the reader's language. */
export type ClientErrorT = (key: "network" | "sessionEnded" | "unknown") => string;

/** What to tell the person about a failed call. */
export function errorMessage(err: unknown, t: ClientErrorT): string {
  if (err instanceof ApiError) {
    if (err.code === NETWORK_ERROR) return t("network");
    if (err.status === 401) return t("sessionEnded");
    return err.message;
  }
  return t("unknown");
}

/** The message above a form: null when every problem is already shown beside its own field. */
export function formMessage(err: unknown, hasField: (path: string) => boolean, t: ClientErrorT): string | null {
  if (err instanceof ApiError && err.code === "validation_failed") {
    const paths = Object.keys(err.fields);
    if (paths.length > 0 && paths.every(hasField)) return null;
  }
  return errorMessage(err, t);
}
