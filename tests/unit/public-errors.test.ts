import { test } from "node:test";
import assert from "node:assert/strict";
import { AppError, isInfrastructureError, publicError, publicErrorText } from "@/lib/errors";

// The shapes drizzle-orm and postgres.js throw: the message is the SQL with its parameters.
const failedQuery = (cause: object) => Object.assign(new Error('Failed query: select "password" from "users" where "email" = $1\nparams: boss@acme.test'), { cause });

test("a database that cannot be reached is database.unavailable (503), a failed statement database.failed (500)", () => {
  const down = publicError(failedQuery(Object.assign(new Error("connect ECONNREFUSED 10.0.0.5:5432"), { code: "ECONNREFUSED" })));
  assert.deepEqual(down, { code: "database.unavailable", message: "The database cannot be reached right now; try again in a moment", status: 503 });
  const restarting = publicError(failedQuery(Object.assign(new Error("terminating connection due to administrator command"), { name: "PostgresError", code: "57P01" })));
  assert.equal(restarting.code, "database.unavailable");
  const broken = publicError(failedQuery(Object.assign(new Error('relation "users" does not exist'), { name: "PostgresError", code: "42P01" })));
  assert.equal(broken.code, "database.failed");
  assert.doesNotMatch(JSON.stringify([down, restarting, broken]), /select|users|boss@acme|10\.0\.0\.5/);
});

test("AppErrors say what they may; anything else is internal, its message unshown", () => {
  assert.deepEqual(publicError(new AppError("rules.limit_reached", "At most 200 rules", { status: 409 })), { code: "rules.limit_reached", message: "At most 200 rules", status: 409 });
  assert.equal(publicError(new AppError("x.hidden", "secret detail", { status: 500 })).message, "Something went wrong; the error was logged");
  assert.equal(publicErrorText(new Error("ENOENT: no such file or directory, open '/srv/data/files/a'")), "Something went wrong; the error was logged (internal)");
  assert.equal(isInfrastructureError(new AppError("storage.failed", "The file store could not save a file", { status: 503 })), true);
  assert.equal(isInfrastructureError(new Error("Login failed")), false);
});
