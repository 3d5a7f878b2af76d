// Headers for every page and API answer, set by proxy.ts at request time (HSTS depends on PUBLIC_URL, known only at run time).

/**
 * Next.js's documented policy without nonces: its inline hydration scripts need 'unsafe-inline'.
 * No page embeds objects or frames: previews are pictures the server draws (lib/documents/previews.ts).
 */
const CSP = [
  "default-src 'self'",
  "script-src 'self' 'unsafe-inline'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "frame-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

/** A stored original, opened on its own (Open, Download): never framed, its content sandboxed. */
export const FILE_CSP = "sandbox; frame-ancestors 'none'";

/** The stored-file route sets its own policy (FILE_CSP): a PDF or image, not one of our pages. */
const FILE_PATH = /^\/api\/documents\/[^/]+\/file$/;

export function securityHeaders(opts: { path: string; publicUrl?: string }): Record<string, string> {
  const headers: Record<string, string> = {
    "referrer-policy": "strict-origin-when-cross-origin",
    "x-content-type-options": "nosniff",
  };
  if (!FILE_PATH.test(opts.path)) {
    headers["content-security-policy"] = opts.publicUrl?.startsWith("https:") ? `${CSP}; upgrade-insecure-requests` : CSP;
    headers["x-frame-options"] = "DENY";
  }
  // Over plain HTTP the header is meaningless, and on a LAN address it would lock browsers out later.
  if (opts.publicUrl?.startsWith("https:")) headers["strict-transport-security"] = "max-age=31536000; includeSubDomains";
  return headers;
}
