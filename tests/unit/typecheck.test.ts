import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import path from "node:path";

// `next build` type-checks the whole project, so a type error anywhere would stop `npm start`.
test("the whole project type-checks", () => {
  const root = path.resolve(__dirname, "../..");
  const r = spawnSync(process.execPath, [path.join(root, "node_modules/typescript/bin/tsc"), "--noEmit", "-p", root], { encoding: "utf8", cwd: root });
  assert.equal(r.status, 0, r.stdout + r.stderr);
});
