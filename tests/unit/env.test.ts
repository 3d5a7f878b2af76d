import { test } from "node:test";
import assert from "node:assert/strict";
import { parseEnv } from "@/lib/env";

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
