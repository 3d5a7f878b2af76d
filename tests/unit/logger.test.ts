import { test } from "node:test";
import assert from "node:assert/strict";
import { Writable } from "node:stream";
import { createLogger } from "@/lib/logger";

test("secrets in log fields are redacted by the logger's configuration", () => {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  const log = createLogger("info", sink);
  log.info({ password: "hunter2", account: { password: "p4ss", secretEnc: "v1:abc", host: "imap.x" }, token: "mr_abc", auth: { user: "u", pass: "imap-pw" } }, "connecting");
  log.child({ headers: { authorization: "Bearer mr_xyz" } }).info({ refresh_token: "1//rt" }, "request");
  const out = lines.join("");
  for (const secret of ["hunter2", "p4ss", "v1:abc", "mr_abc", "imap-pw", "mr_xyz", "1//rt"]) assert.ok(!out.includes(secret), `${secret} leaked: ${out}`);
  assert.ok(out.includes("imap.x"), "ordinary fields stay");
  assert.ok(out.includes("[redacted]"));
});

test("API keys, cookies and a request's headers are redacted too", () => {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  const log = createLogger("info", sink).child({ requestId: "req-1" });
  log.info({ gemini: { apiKey: "AIza-secret" }, req: { headers: { cookie: "session=abc123", authorization: "Bearer mr_q" } }, smtp_password: "mailpw" }, "calling");
  const out = lines.join("");
  for (const secret of ["AIza-secret", "abc123", "mr_q", "mailpw"]) assert.ok(!out.includes(secret), `${secret} leaked: ${out}`);
  assert.equal(JSON.parse(out).requestId, "req-1", "every line carries the request id");
});
