import { test } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { globSync } from "node:fs";
import vm from "node:vm";
import { build } from "esbuild";

// The zod schemas are the contract between route handlers and pages: pages import them, so each
// module (with everything it imports) must build for the browser without server code.
const root = path.resolve(__dirname, "../..");
const modules = [...globSync("lib/*/schemas.ts", { cwd: root }), ...globSync("lib/*/contract.ts", { cwd: root }), "lib/accounts/presets.ts", "lib/i18n/locales.ts", "lib/i18n/issues.ts", "lib/i18n/messages.ts"];
const SERVER_ONLY = [/^lib\/db\//, /^lib\/env\.ts$/, /^lib\/logger\.ts$/, /^lib\/http\.ts$/, /node_modules\/(drizzle-orm|postgres|pg-boss|pino|imapflow|next-auth)\//];

for (const file of modules.sort()) {
  test(`${file} builds for the browser with no server code`, async () => {
    const result = await build({ entryPoints: [path.join(root, file)], bundle: true, platform: "browser", format: "esm", write: false, metafile: true, logLevel: "silent", absWorkingDir: root }).catch((err: { errors?: { text: string }[] }) => {
      assert.fail(`${file} does not build for the browser: ${err.errors?.map((e) => e.text).join("; ")}`);
    });
    const serverOnly = Object.keys(result.metafile.inputs).filter((input) => SERVER_ONLY.some((re) => re.test(input)));
    assert.deepEqual(serverOnly, [], `${file} pulls server-only modules into the browser`);
  });

  test(`${file} builds its schemas without eval, which the pages' CSP refuses`, async () => {
    const { outputFiles } = await build({ entryPoints: [path.join(root, file)], bundle: true, platform: "browser", format: "iife", write: false, logLevel: "silent", absWorkingDir: root });
    const evals: string[] = [];
    // The browser's CSP makes `new Function` throw (and report a violation); count each attempt.
    const refuse = function (...args: string[]) {
      evals.push(args.join(", ").slice(0, 80));
      throw new EvalError("refused by the content security policy");
    };
    vm.runInNewContext(outputFiles[0].text, { Function: refuse, console, TextEncoder, TextDecoder, URL, crypto: globalThis.crypto });
    assert.deepEqual(evals, [], `${file} tried to eval while loading`);
  });
}

test("the contract modules are found", () => {
  assert.ok(modules.length >= 7, modules.join(", "));
});
