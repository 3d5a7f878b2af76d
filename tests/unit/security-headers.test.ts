import { test } from "node:test";
import assert from "node:assert/strict";
import { FILE_CSP, securityHeaders } from "@/lib/security-headers";

test("every answer forbids framing by other sites, sniffing, and full referrers", () => {
  const h = securityHeaders({ path: "/documents", publicUrl: "http://mailroom.lan:3000" });
  assert.match(h["content-security-policy"], /frame-ancestors 'none'/);
  assert.match(h["content-security-policy"], /default-src 'self'/);
  assert.equal(h["x-content-type-options"], "nosniff");
  assert.equal(h["referrer-policy"], "strict-origin-when-cross-origin");
});

test("HSTS and upgrade-insecure-requests only when PUBLIC_URL is https", () => {
  assert.equal(securityHeaders({ path: "/", publicUrl: "http://mailroom.lan" })["strict-transport-security"], undefined);
  assert.equal(securityHeaders({ path: "/" })["strict-transport-security"], undefined);
  const https = securityHeaders({ path: "/", publicUrl: "https://mailroom.example" });
  assert.match(https["strict-transport-security"], /max-age=31536000/);
  assert.match(https["content-security-policy"], /upgrade-insecure-requests/);
});

test("a stored file keeps its own sandboxed policy and is never framed; pages embed no objects or frames", () => {
  const h = securityHeaders({ path: "/api/documents/0b6c/file" });
  assert.equal(h["content-security-policy"], undefined);
  assert.equal(h["x-content-type-options"], "nosniff");
  assert.match(FILE_CSP, /^sandbox/);
  assert.match(FILE_CSP, /frame-ancestors 'none'/);
  const page = securityHeaders({ path: "/documents/0b6c" })["content-security-policy"];
  assert.match(page, /object-src 'none'/);
  assert.match(page, /frame-src 'none'/);
});
