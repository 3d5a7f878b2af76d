// Headers for every page and API answer, set by proxy.ts at request time (HSTS depends on PUBLIC_URL, known only at run time).

/**
 * Next.js's documented policy without nonces: its inline hydration scripts need 'unsafe-inline'.
 * Same-origin objects and frames are allowed for the document preview (the PDF in <object>).
 */
const CSP = [
  "default-src 'self'",
  "script-src 'self' 'unsafe-inline'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'self'",
  "frame-src 'self'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

/** A stored original, shown in the document page's preview: framed by our own pages only, its content sandboxed. */
export const FILE_CSP = "sandbox; frame-ancestors 'self'";

/** The stored-file route sets its own policy (FILE_CSP), the one answer our pages may frame. */
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
