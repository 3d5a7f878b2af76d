import { test } from "node:test";
import { parseRetryAfter } from "@/lib/mail/gmail/retry-after";
import assert from "node:assert/strict";
import { GmailBatchPartError, parseBatchResponse } from "@/lib/mail/gmail/batch";
import { quotaPacer } from "@/lib/mail/gmail/quota";

// As Google writes a batch answer: a boundary of its own, CRLF lines, one HTTP response per part.
const ANSWER = [
  "--batch_abc123",
  "Content-Type: application/http",
  "Content-ID: <response-m1>",
  "",
  "HTTP/1.1 404 Not Found",
  "Content-Type: application/json; charset=UTF-8",
  "Vary: Origin",
  "",
  '{"error":{"code":404,"message":"Requested entity was not found.","status":"NOT_FOUND"}}',
  "--batch_abc123",
  "Content-Type: application/http",
  "Content-ID: <response-m0>",
  "",
  "HTTP/1.1 200 OK",
  "Content-Type: application/json; charset=UTF-8",
  "",
  '{"id":"18c1","sizeEstimate":2048,"payload":{"headers":[{"name":"Subject","value":"חשבונית 7 --batch"}]}}',
  "--batch_abc123",
  "Content-Type: application/http",
  "Content-ID: <response-m2>",
  "",
  "HTTP/1.1 429 Too Many Requests",
  "Retry-After: 3",
  "Content-Type: application/json; charset=UTF-8",
  "",
  '{"error":{"code":429,"status":"RESOURCE_EXHAUSTED","errors":[{"reason":"rateLimitExceeded"}]}}',
  "--batch_abc123--",
  "",
].join("\r\n");

test("a batch answer is read part by part: Content-ID, status, headers and body, whatever their order", () => {
  const parts = parseBatchResponse("multipart/mixed; boundary=batch_abc123", ANSWER);
  assert.deepEqual(
    parts.map((p) => [p.contentId, p.status]),
    [
      ["response-m1", 404],
      ["response-m0", 200],
      ["response-m2", 429],
    ],
  );
  assert.equal(JSON.parse(parts[1].body).payload.headers[0].value, "חשבונית 7 --batch");
  assert.equal(parts[2].headers["retry-after"], "3");
  assert.equal(parts[0].headers["content-type"], "application/json; charset=UTF-8");
});

test("a quoted boundary and bare LF lines read the same", () => {
  const parts = parseBatchResponse('multipart/mixed; boundary="batch_abc123"', ANSWER.replace(/\r\n/g, "\n"));
  assert.deepEqual(
    parts.map((p) => p.status),
    [404, 200, 429],
  );
  assert.equal(JSON.parse(parts[1].body).id, "18c1");
});

test("an answer without a boundary is an error that says so", () => {
  assert.throws(() => parseBatchResponse("application/json", "{}"), /no multipart boundary/);
});

test("a failed part reads like googleapis' errors: status, Retry-After and Google's error", () => {
  const [, , limited] = parseBatchResponse("multipart/mixed; boundary=batch_abc123", ANSWER);
  const err = new GmailBatchPartError(limited);
  assert.equal(err.response.status, 429);
  assert.equal(err.response.headers.get("retry-after"), "3");
  assert.equal((err.response.data as { error: { status: string } }).error.status, "RESOURCE_EXHAUSTED");
});

test("the quota pacer lets a burst through, then holds every second's use to its rate", async () => {
  let now = 0;
  const taken: { at: number; units: number }[] = [];
  const pacer = quotaPacer({ unitsPerSecond: 200, burst: 250, now: () => now, sleep: async (ms) => void (now += ms) });
  for (let i = 0; i < 20; i++) {
    await pacer.take(250);
    taken.push({ at: now, units: 250 });
  }
  assert.equal(taken[0].at, 0, "the first batch goes at once");
  // Over any window after the first burst, the units sent stay within rate × time + burst.
  for (const a of taken) {
    for (const b of taken.filter((x) => x.at > a.at)) {
      const units = taken.filter((x) => x.at > a.at && x.at <= b.at).reduce((s, x) => s + x.units, 0);
      assert.ok(units <= ((b.at - a.at) / 1000) * 200 + 250, `${units} units between ${a.at} and ${b.at} ms`);
    }
  }
  const perSecond = (20 * 250 - 250) / (taken.at(-1)!.at / 1000);
  assert.ok(perSecond <= 200, `${perSecond} units a second`);
});

test("Retry-After in seconds or as an HTTP date", () => {
  const now = Date.parse("2026-12-04T10:00:00Z");
  assert.equal(parseRetryAfter("3", now), 3);
  assert.equal(parseRetryAfter("2.5", now), 3);
  assert.equal(parseRetryAfter("Fri, 04 Dec 2026 10:00:30 GMT", now), 30);
  assert.equal(parseRetryAfter("Fri, 04 Dec 2026 09:59:00 GMT", now), 0);
  assert.equal(parseRetryAfter("soon", now), undefined);
  assert.equal(parseRetryAfter(undefined, now), undefined);
});
