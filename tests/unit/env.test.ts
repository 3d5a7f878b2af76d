import { test } from "node:test";
import assert from "node:assert/strict";
import { parseEnv } from "@/lib/env";
import { settingsFromEnv } from "@/lib/boot/config";

test("defaults apply when variables are unset", () => {
  const e = parseEnv({});
  assert.equal(e.PORT, 3000);
  assert.equal(e.DATA_DIR, "./data");
  assert.equal(e.DATABASE_URL, undefined);
  assert.equal(e.WORKER_CONCURRENCY, 5);
});

test("every wrong variable is named in one message", () => {
  assert.throws(
    () => parseEnv({ PORT: "seventy", DATABASE_URL: "mysql://x", LOG_LEVEL: "loud" }),
    (err: Error) => /PORT/.test(err.message) && /DATABASE_URL/.test(err.message) && /LOG_LEVEL/.test(err.message),
  );
});

test("empty strings count as unset", () => {
  assert.equal(parseEnv({ DATABASE_URL: "", ENCRYPTION_KEY: " " }).ENCRYPTION_KEY, undefined);
});

test("OCR settings: the issue's defaults, overridable, and checked", () => {
  const d = parseEnv({});
  assert.equal(d.OCR_POOL_SIZE, undefined); // one worker per core
  assert.equal(d.OCR_LANGS, "eng+heb"); // both ship as npm packages
  assert.deepEqual([d.OCR_MAX_PAGES, d.OCR_MAX_MEGAPIXELS, d.MAX_DOCUMENT_MB, d.OCR_TIMEOUT_SECONDS], [50, 40, 25, 120]);
  const e = parseEnv({ OCR_POOL_SIZE: "3", OCR_MAX_PAGES: "10", OCR_MAX_MEGAPIXELS: "12.5", MAX_DOCUMENT_MB: "5", OCR_TIMEOUT_SECONDS: "30" });
  assert.deepEqual([e.OCR_POOL_SIZE, e.OCR_MAX_PAGES, e.OCR_MAX_MEGAPIXELS, e.MAX_DOCUMENT_MB, e.OCR_TIMEOUT_SECONDS], [3, 10, 12.5, 5, 30]);
  assert.throws(
    () => parseEnv({ OCR_POOL_SIZE: "many", OCR_MAX_PAGES: "0", OCR_TIMEOUT_SECONDS: "3600" }),
    (err: Error) => /OCR_POOL_SIZE: must be a whole number/.test(err.message) && /OCR_MAX_PAGES/.test(err.message) && /OCR_TIMEOUT_SECONDS/.test(err.message),
  );
});

test("the worker's settings carry the OCR limits and the document size to fetching and reading", () => {
  const s = settingsFromEnv(parseEnv({ OCR_POOL_SIZE: "2", OCR_MAX_PAGES: "7", OCR_MAX_MEGAPIXELS: "8", MAX_DOCUMENT_MB: "2", OCR_TIMEOUT_SECONDS: "45" }));
  assert.equal(s.ocr.poolSize, 2);
  assert.deepEqual(s.ocr.limits, { maxPages: 7, maxPixelsPerPage: 8_000_000, maxBytes: 2 * 1024 * 1024, timeoutMs: 45_000 });
  assert.equal(s.maxAttachmentBytes, 2 * 1024 * 1024);
});

test("MAX_MESSAGE_MB defaults to 50 and reaches the fetch settings in bytes", () => {
  assert.equal(settingsFromEnv(parseEnv({})).maxMessageBytes, 50 * 1024 * 1024);
  assert.equal(settingsFromEnv(parseEnv({ MAX_MESSAGE_MB: "2.5" })).maxMessageBytes, Math.round(2.5 * 1024 * 1024));
  assert.throws(() => parseEnv({ MAX_MESSAGE_MB: "0" }), /MAX_MESSAGE_MB/);
});

test("STREAM_MESSAGE_MB defaults to 8, reaches the fetch settings in bytes, and 0 streams every message", () => {
  assert.equal(settingsFromEnv(parseEnv({})).streamMessageBytes, 8 * 1024 * 1024);
  assert.equal(settingsFromEnv(parseEnv({ STREAM_MESSAGE_MB: "0.5" })).streamMessageBytes, 512 * 1024);
  assert.equal(settingsFromEnv(parseEnv({ STREAM_MESSAGE_MB: "0" })).streamMessageBytes, 0);
  assert.throws(() => parseEnv({ STREAM_MESSAGE_MB: "-1" }), /STREAM_MESSAGE_MB/);
});

test("Google's endpoints are the defaults, and a stand-in's can replace them", () => {
  const d = parseEnv({});
  assert.deepEqual([d.GOOGLE_OAUTH_AUTH_URL, d.GOOGLE_OAUTH_TOKEN_URL, d.GOOGLE_API_ROOT_URL], ["https://accounts.google.com/o/oauth2/v2/auth", "https://oauth2.googleapis.com/token", "https://gmail.googleapis.com/"]);
  const e = parseEnv({ GOOGLE_OAUTH_TOKEN_URL: "http://127.0.0.1:9/token", GOOGLE_API_ROOT_URL: "" });
  assert.equal(e.GOOGLE_OAUTH_TOKEN_URL, "http://127.0.0.1:9/token");
  assert.equal(e.GOOGLE_API_ROOT_URL, "https://gmail.googleapis.com/");
  assert.throws(() => parseEnv({ GOOGLE_OAUTH_AUTH_URL: "not a url" }), /GOOGLE_OAUTH_AUTH_URL/);
});

test("FETCH_LEASE_SECONDS defaults to 30 and is held to 5-3600", () => {
  assert.equal(parseEnv({}).FETCH_LEASE_SECONDS, 30);
  assert.equal(parseEnv({ FETCH_LEASE_SECONDS: "120" }).FETCH_LEASE_SECONDS, 120);
  for (const wrong of ["4", "3601", "1.5", "soon"]) assert.throws(() => parseEnv({ FETCH_LEASE_SECONDS: wrong }), /FETCH_LEASE_SECONDS: must be a whole number from 5 to 3600/);
});
