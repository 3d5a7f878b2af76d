import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { generateKey } from "@/lib/crypto/secrets";
import { categories, categoryRules } from "@/lib/db/schema/categories";
import { MAX_RULES_PER_COMPANY } from "@/lib/categories/service";
import { MAX_FILTER_PATTERN_LENGTH, MAX_FILTER_PATTERNS } from "@/lib/accounts/schemas";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { makeUser } from "../support/factories";
import { call, useWebEnv } from "../support/web";

let tdb: TestDatabase;
let routes: {
  accounts: typeof import("@/app/api/accounts/route");
  rules: typeof import("@/app/api/categories/rules/route");
};

before(async () => {
  tdb = await createTestDatabase();
  useWebEnv(tdb.url, { ENCRYPTION_KEY: generateKey(), AUTH_SECRET: "test-secret-test-secret" });
  routes = { accounts: await import("@/app/api/accounts/route"), rules: await import("@/app/api/categories/rules/route") };
});

after(async () => {
  const { services } = await import("@/lib/web/services");
  await (await services().boss()).stop({ graceful: false, close: true });
  await tdb.drop();
});

const account = (filters: Record<string, unknown>) => ({ email: "billing@acme.test", host: "127.0.0.1", port: 143, security: "none", password: "pw", filters });

describe("limits on what people can make the worker evaluate", () => {
  test(`a mail filter with over ${MAX_FILTER_PATTERNS} patterns, or a pattern over ${MAX_FILTER_PATTERN_LENGTH} characters, answers 422 naming the field`, async () => {
    const { token } = await makeUser(tdb.db);
    const many = await call(routes.accounts.POST, { method: "POST", token, body: account({ subject: Array.from({ length: MAX_FILTER_PATTERNS + 1 }, (_, i) => `s${i}`) }) });
    assert.equal(many.status, 422, many.text);
    assert.equal(many.json.error.code, "validation_failed");
    assert.deepEqual(many.json.error.fields.map((f: { path: string }) => f.path), ["filters.subject"]);

    const long = await call(routes.accounts.POST, { method: "POST", token, body: account({ from: ["*" + "a".repeat(MAX_FILTER_PATTERN_LENGTH)] }) });
    assert.equal(long.status, 422, long.text);
    assert.deepEqual(long.json.error.fields.map((f: { path: string }) => f.path), ["filters.from.0"]);

    const fine = await call(routes.accounts.POST, { method: "POST", token, body: account({ subject: Array.from({ length: MAX_FILTER_PATTERNS }, (_, i) => `*s${i}*`), filename_include: ["*" + "x".repeat(MAX_FILTER_PATTERN_LENGTH - 1)] }) });
    assert.equal(fine.status, 201, fine.text);
  });

  test(`a company's ${MAX_RULES_PER_COMPANY + 1}st category rule is refused with a clear 409`, async () => {
    const { token, companyId } = await makeUser(tdb.db);
    const [category] = await tdb.db.insert(categories).values({ companyId, name: "Bills" }).returning();
    const rule = (i: number) => ({ companyId, categoryId: category.id, kind: "keyword" as const, pattern: `word${i}`, position: i });
    await tdb.db.insert(categoryRules).values(Array.from({ length: MAX_RULES_PER_COMPANY - 1 }, (_, i) => rule(i)));
    const last = await call(routes.rules.POST, { method: "POST", token, body: { category_id: category.id, kind: "keyword", pattern: "last" } });
    assert.equal(last.status, 201, last.text);

    const over = await call(routes.rules.POST, { method: "POST", token, body: { category_id: category.id, kind: "keyword", pattern: "one more" } });
    assert.equal(over.status, 409, over.text);
    assert.equal(over.json.error.code, "rules.limit_reached");
    assert.match(over.json.error.message, /at most 200 rules/);
  });
});
