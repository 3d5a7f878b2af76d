// Which uncaught errors end the worker (lib/worker/fatal.ts): all but postgres.js's write on a
// connection that closed under it, whose queries have already failed.
import { test } from "node:test";
import assert from "node:assert/strict";
import { isClosedSocketWrite } from "@/lib/worker/fatal";

test("postgres.js's deferred write on a closed socket is told apart from every other error", () => {
  const closed = new TypeError("Cannot read properties of null (reading 'write')");
  closed.stack = `${closed.message}\n    at Immediate.nextWrite (/app/node_modules/postgres/cjs/src/connection.js:255:22)\n    at process.processImmediate (node:internal/timers:485:21)`;
  assert.equal(isClosedSocketWrite(closed), true);
  const elsewhere = new TypeError("Cannot read properties of null (reading 'write')");
  elsewhere.stack = `${elsewhere.message}\n    at writeReport (/app/lib/reports/daily.ts:10:3)`;
  assert.equal(isClosedSocketWrite(elsewhere), false);
  assert.equal(isClosedSocketWrite(new Error("boom")), false);
  assert.equal(isClosedSocketWrite("a string"), false);
});
