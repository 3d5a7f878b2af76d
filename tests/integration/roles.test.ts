import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { generateKey, parseKeyring } from "@/lib/crypto/secrets";
import { createApiToken } from "@/lib/auth/tokens";
import { storeMessages } from "@/lib/mail/store-messages";
import { freePort } from "@/lib/boot/embedded-postgres";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { makeImapAccount, makeUser } from "../support/factories";
import { buildMessage, makePdf } from "../support/mime";
import { call, useWebEnv } from "../support/web";

type Handler = Parameters<typeof call>[0];
type Ids = Record<string, string>;
/** One route and method, with the params and body a real call needs, given the ids of the seeded company. */
type Case = { route: string; method: string; params?: (ids: Ids) => Record<string, string>; body?: (ids: Ids) => unknown; redirects?: boolean };

const API = path.resolve(__dirname, "../../app/api");
const id = (key: string) => (ids: Ids) => ({ id: ids[key] });

// In an order the admin can also run them all, one after the other, against the same rows.
const ADMIN_ONLY: Case[] = [
  { route: "users", method: "POST", body: () => ({ email: "new-person@acme.test", password: "long enough pw" }) },
  { route: "users/[id]", method: "PATCH", params: id("colleague"), body: () => ({ role: "admin" }) },
  { route: "users/[id]", method: "DELETE", params: id("colleague") },
  { route: "accounts", method: "POST", body: (ids) => ({ email: "second@acme.test", host: "127.0.0.1", port: Number(ids.closedPort), security: "none", password: "pw-pw-pw" }) },
  { route: "accounts/[id]", method: "PATCH", params: id("account"), body: () => ({ fetch_interval: 600 }) },
  { route: "integrations/gmail/connect", method: "GET", redirects: true },
  { route: "categories", method: "POST", body: () => ({ name: "Travel" }) },
  { route: "categories/[id]", method: "PATCH", params: id("category"), body: () => ({ name: "Power" }) },
  { route: "categories/settings", method: "PATCH", body: () => ({ threshold: 0.5, learn_from_rules: false }) },
  { route: "company", method: "PATCH", body: () => ({ default_currency: "EUR" }) },
  { route: "settings/smtp", method: "GET" },
  { route: "ops/schedules", method: "GET" },
  { route: "ops/schedules/[name]", method: "PATCH", params: () => ({ name: "documents.sweep" }), body: () => ({ expression: "*/5 * * * *" }) },
  { route: "ops/schedules/[name]/run", method: "POST", params: () => ({ name: "documents.sweep" }) },
  { route: "ops/schedules/sync", method: "POST" },
  { route: "ops/queues", method: "GET" },
  { route: "ops/jobs", method: "GET" },
  { route: "ops/jobs/[queue]/[id]", method: "GET", params: (ids: Ids) => ({ queue: "document.process", id: ids.job }) },
  { route: "ops/jobs/[queue]/[id]/cancel", method: "POST", params: (ids: Ids) => ({ queue: "document.process", id: ids.job }) },
  { route: "ops/jobs/[queue]/[id]/retry", method: "POST", params: (ids: Ids) => ({ queue: "document.process", id: ids.job }) },
  { route: "ops/jobs/[queue]/[id]/rerun", method: "POST", params: (ids: Ids) => ({ queue: "document.process", id: ids.job }) },
  { route: "ops/run/[queue]", method: "POST", params: () => ({ queue: "documents.sweep" }) },
  { route: "ops/workers", method: "GET" },
  { route: "ops/fetching", method: "GET" },
  { route: "ops/fetching", method: "PUT", body: () => ({ paused: false }) },
  { route: "ops/fetching/accounts/[id]", method: "PUT", params: id("account"), body: () => ({ paused: false }) },
  { route: "settings/smtp", method: "PUT", body: (ids) => ({ host: "127.0.0.1", port: Number(ids.closedPort), security: "none", from_address: "mailroom@acme.test" }) },
  { route: "settings/smtp/test", method: "POST", body: () => ({}) },
  { route: "settings/smtp", method: "DELETE" },
  { route: "settings/auto-reply", method: "PUT", body: () => ({ subject: "Re: {{subject}}", html: "<p>Thanks</p>", text: "Thanks", window_hours: 12, max_per_hour: 5 }) },
  { route: "settings/auto-reply", method: "DELETE" },
  { route: "categories/rules/reorder", method: "POST", body: (ids) => ({ ids: [ids.rule] }) },
  { route: "categories/rules", method: "POST", body: (ids) => ({ category_id: ids.category, kind: "subject", pattern: "electricity" }) },
  { route: "categories/rules/[id]", method: "PATCH", params: id("rule"), body: () => ({ pattern: "@power.test" }) },
  { route: "categories/rules/[id]", method: "DELETE", params: id("rule") },
  { route: "categories/[id]", method: "DELETE", params: id("category") },
  { route: "triage/rules", method: "POST", body: () => ({ name: "Bills", conditions: { subject: "bill" }, outcome: "review" }) },
  { route: "triage/rules/[id]", method: "PATCH", params: id("triageRule"), body: () => ({ position: 1 }) },
  { route: "triage/rules/[id]", method: "DELETE", params: id("triageRule") },
  { route: "documents/[id]", method: "DELETE", params: id("document") },
  { route: "accounts/[id]", method: "DELETE", params: id("account") },
];

const MEMBER: Case[] = [
  { route: "stats", method: "GET" },
  { route: "users", method: "GET" },
  { route: "accounts", method: "GET" },
  { route: "accounts/[id]", method: "GET", params: id("account") },
  { route: "accounts/[id]/stats", method: "GET", params: id("account") },
  { route: "accounts/[id]/test", method: "POST", params: id("account") },
  { route: "accounts/[id]/fetch", method: "POST", params: id("account") },
  { route: "categories", method: "GET" },
  { route: "categories/[id]", method: "GET", params: id("category") },
  { route: "categories/settings", method: "GET" },
  { route: "company", method: "GET" },
  { route: "categories/rules", method: "GET" },
  { route: "categories/rules/[id]", method: "GET", params: id("rule") },
  { route: "documents", method: "GET" },
  { route: "documents/[id]", method: "GET", params: id("document") },
  { route: "documents/[id]", method: "PATCH", params: id("document"), body: () => ({ fields: { vendor: "Israel Electric" } }) },
  { route: "documents/[id]/category", method: "GET", params: id("document") },
  { route: "documents/[id]/category", method: "PUT", params: id("document"), body: (ids) => ({ category_id: ids.category }) },
  { route: "documents/[id]/status", method: "GET", params: id("document") },
  { route: "documents/[id]/file", method: "GET", params: id("document") },
  { route: "documents/[id]/thumbnail", method: "GET", params: id("document") },
  { route: "documents/[id]/pages/[n]", method: "GET", params: (ids) => ({ id: ids.document, n: "1" }) },
  { route: "documents/[id]/reprocess", method: "POST", params: id("document") },
  { route: "tokens", method: "GET" },
  { route: "tokens", method: "POST", body: () => ({ name: "export" }) },
  { route: "tokens/[id]", method: "DELETE", params: id("memberSpareToken") },
  { route: "me/password", method: "POST", body: () => ({ current_password: "correct horse battery", new_password: "a new horse battery" }) },
  { route: "me", method: "PATCH", body: () => ({ locale: "he" }) },
  { route: "notifications", method: "GET" },
  { route: "notifications/[id]/read", method: "POST", params: id("memberNotification") },
  { route: "notifications/read-all", method: "POST" },
  { route: "notifications/preferences", method: "GET" },
  { route: "notifications/preferences", method: "PUT", body: () => ({ preferences: [{ event: "documents_processed", channel: "email" }] }) },
  { route: "triage/rules", method: "GET" },
  { route: "triage/rules/[id]", method: "GET", params: id("triageRule") },
  { route: "triage/dry-run", method: "POST", body: () => ({ from: "billing@power.test", subject: "Invoice" }) },
  { route: "triage/emails", method: "GET" },
  { route: "triage/emails/[id]", method: "GET", params: id("email") },
  { route: "triage/emails/[id]", method: "POST", params: id("email"), body: () => ({ action: "done" }) },
  { route: "triage/emails/[id]/reply", method: "POST", params: id("email"), body: () => ({ text: "Thank you, received." }) },
  { route: "settings/auto-reply", method: "GET" },
];

// Reached without a caller; their own tests cover them.
// metrics: off until METRICS_TOKEN is set, then that token, not a person's.
const PUBLIC = ["email-integration/gmail/callback GET", "health GET", "metrics GET", "setup GET", "setup POST", "auth/[...nextauth] GET", "auth/[...nextauth] POST"];

let tdb: TestDatabase;
let dataDir: string;
const key = generateKey();

before(async () => {
  tdb = await createTestDatabase();
  dataDir = await mkdtemp(path.join(os.tmpdir(), "mailroom-roles-"));
  // A Gmail OAuth client is configured (never reached: connect only redirects), so connect answers its 302.
  const gmail = { GOOGLE_CLIENT_ID: "roles.apps.googleusercontent.com", GOOGLE_CLIENT_SECRET: "roles-secret", PUBLIC_URL: "http://localhost" };
  useWebEnv(tdb.url, { ENCRYPTION_KEY: key, AUTH_SECRET: "test-secret-test-secret", DATA_DIR: dataDir, ...gmail });
});

after(async () => {
  const { services } = await import("@/lib/web/services");
  await (await services().boss()).stop({ graceful: false, close: true });
  await tdb.drop();
  await rm(dataDir, { recursive: true, force: true });
});

/** A company with an admin, a member, another member to manage, a mailbox, a document, a category and a rule. */
async function seedCompany(): Promise<{ admin: string; member: string; ids: Ids }> {
  const { services } = await import("@/lib/web/services");
  const company = `Roles ${Math.random()}`;
  const admin = await makeUser(tdb.db, { company, role: "admin" });
  const member = await makeUser(tdb.db, { company, role: "member" });
  const colleague = await makeUser(tdb.db, { company, role: "member" });
  const closedPort = await freePort();
  const account = await makeImapAccount(tdb.db, parseKeyring(key), admin.companyId, { email: "in@acme.test", host: "127.0.0.1", port: closedPort, password: "pw" });
  const { db, storage, boss } = services();
  const raw = Buffer.from(buildMessage({ from: "billing@power.test", subject: "Invoice", attachments: [{ filename: "bill.pdf", contentType: "application/pdf", content: makePdf("Electricity bill total 100.00") }] }));
  await storeMessages({ db, storage, boss: await boss() }, { companyId: admin.companyId, accountId: account.id, folder: "INBOX", uidValidity: 1 }, [{ uid: 1, raw }], { maxAttachmentBytes: 1e7, filters: {} });
  const [document] = await tdb.sql`select id from documents where company_id = ${admin.companyId}`;
  const [category] = await tdb.sql`insert into categories (company_id, name, color) values (${admin.companyId}, 'Utilities', '#ff8800') returning id`;
  const [triageRule] = await tdb.sql`insert into triage_rules (company_id, name, position, conditions, outcome) values (${admin.companyId}, 'Power bills', 0, '{"from": ["power.test"]}', 'none') returning id`;
  // As email.triage leaves an email for a person (the web test runs no worker).
  const [email] = await tdb.sql`update emails set triage_outcome = 'review', review_status = 'waiting', triaged_at = now() where company_id = ${admin.companyId} returning id`;
  const [rule] = await tdb.sql`insert into category_rules (company_id, category_id, kind, pattern, position) values (${admin.companyId}, ${category.id}, 'sender', '@power.test', 0) returning id`;
  const spare = await createApiToken(tdb.db, { userId: member.user.id, companyId: member.companyId }, "spare");
  // The document's processing job, as the console shows it to its company.
  const [job] = await tdb.sql`select id from pgboss.job where name = 'document.process' and data->>'company_id' = ${admin.companyId} limit 1`;
  const [notification] = await tdb.sql`insert into notifications (company_id, user_id, event, data) values (${member.companyId}, ${member.user.id}, 'documents_processed', '{"documents": 1}') returning id`;
  return {
    admin: admin.token,
    member: member.token,
    ids: { colleague: colleague.user.id, account: account.id, document: document.id, category: category.id, rule: rule.id, triageRule: triageRule.id, email: email.id, memberSpareToken: spare.id, memberNotification: notification.id, job: job.id, closedPort: String(closedPort) },
  };
}

async function run(c: Case, token: string, ids: Ids) {
  const mod = (await import(path.join(API, c.route, "route.ts"))) as Record<string, Handler>;
  return call(mod[c.method], { method: c.method, token, path: `/api/${c.route}`, params: c.params?.(ids), body: c.body?.(ids) });
}

describe("roles", () => {
  test("every API route and method is either public, open to members, or admin only", async () => {
    const known = new Set([...ADMIN_ONLY, ...MEMBER].map((c) => `${c.route} ${c.method}`).concat(PUBLIC));
    const found: string[] = [];
    for (const file of await readdir(API, { recursive: true })) {
      if (path.basename(file) !== "route.ts") continue;
      const route = path.dirname(file).split(path.sep).join("/");
      const mod = await import(path.join(API, file));
      for (const method of ["GET", "POST", "PUT", "PATCH", "DELETE"]) if (mod[method]) found.push(`${route} ${method}`);
    }
    assert.deepEqual(found.filter((f) => !known.has(f)), [], "a new route must be listed here as admin only, member or public");
    assert.deepEqual([...known].filter((k) => !found.includes(k)), [], "a listed route no longer exists");
  });

  test("a member gets 403 auth.forbidden from every admin-only route, and nothing changes", async () => {
    const { member, ids } = await seedCompany();
    for (const c of ADMIN_ONLY) {
      const res = await run(c, member, ids);
      assert.equal(res.status, 403, `${c.method} /api/${c.route} answered ${res.status}: ${res.text}`);
      assert.equal(res.json.error.code, "auth.forbidden");
      assert.match(res.json.error.message, /^Only an admin can /);
    }
    const [counts] = await tdb.sql`select
      (select count(*)::int from users where email = 'new-person@acme.test') as new_people,
      (select role from users where id = ${ids.colleague}) as colleague_role,
      (select count(*)::int from mail_accounts where id = ${ids.account}) as accounts,
      (select name from categories where id = ${ids.category}) as category,
      (select count(*)::int from category_rules where id = ${ids.rule}) as rules,
      (select count(*)::int from triage_rules where id = ${ids.triageRule}) as triage_rules,
      (select count(*)::int from documents where id = ${ids.document}) as documents`;
    assert.deepEqual(counts, { new_people: 0, colleague_role: "member", accounts: 1, category: "Utilities", rules: 1, triage_rules: 1, documents: 1 });
  });

  test("a member reads everything, corrects documents, chooses categories, fetches, tests and manages their own tokens", async () => {
    const { member, ids } = await seedCompany();
    for (const c of MEMBER) {
      const res = await run(c, member, ids);
      assert.ok(res.status >= 200 && res.status < 300, `${c.method} /api/${c.route} answered ${res.status}: ${res.text}`);
    }
  });

  test("an admin may do everything a member may not", async () => {
    const { admin, ids } = await seedCompany();
    for (const c of ADMIN_ONLY) {
      const res = await run(c, admin, ids);
      const ok = c.redirects ? res.status === 302 : res.status >= 200 && res.status < 300;
      assert.ok(ok, `${c.method} /api/${c.route} answered ${res.status}: ${res.text}`);
    }
  });

  test("a member sees and revokes only their own tokens; an admin sees everyone's", async () => {
    const { admin, member, ids } = await seedCompany();
    const tokens = await import("@/app/api/tokens/route");
    const token = await import("@/app/api/tokens/[id]/route");
    const mine = (await call(tokens.GET, { token: member })).json.items;
    assert.ok(mine.length >= 2);
    assert.ok(mine.every((t: { user_email: string }) => t.user_email === mine[0].user_email), "only the member's own tokens are listed");
    const all = (await call(tokens.GET, { token: admin })).json.items;
    assert.equal(all.length, mine.length + 2, "the admin also sees their own and the colleague's");
    const others = all.filter((t: { id: string }) => !mine.some((m: { id: string }) => m.id === t.id));
    assert.equal((await call(token.DELETE, { method: "DELETE", token: member, params: { id: others[0].id } })).status, 404);
    assert.equal((await call(token.DELETE, { method: "DELETE", token: admin, params: { id: ids.memberSpareToken } })).status, 200);
  });
});
