import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { generateKey, parseKeyring } from "@/lib/crypto/secrets";
import { storeMessages } from "@/lib/mail/store-messages";
import { categorizeDocument } from "@/lib/categories/categorize";
import { listAwaitingCategory } from "@/lib/categories/review";
import { companyStats } from "@/lib/stats";
import { logger } from "@/lib/logger";
import type { JobContext } from "@/lib/queue";
import type { OrphansResult } from "@/lib/categories/orphans";
import { documentsCategorizeOrphans } from "@/jobs/documents-categorize-orphans";
import { enqueue, BOSS_SCHEMA } from "@/lib/queue";
import { startWorker } from "@/lib/worker/runtime";
import { createStorage } from "@/lib/storage/storage";
import { DEFAULT_SETTINGS } from "@/lib/boot/config";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { waitFor } from "../support/wait";
import { makeImapAccount, makeUser } from "../support/factories";
import { buildMessage, makePdf } from "../support/mime";
import { call, useWebEnv } from "../support/web";

let tdb: TestDatabase;
let dataDir: string;
const key = generateKey();
let routes: {
  categories: typeof import("@/app/api/categories/route");
  category: typeof import("@/app/api/categories/[id]/route");
  rules: typeof import("@/app/api/categories/rules/route");
  rule: typeof import("@/app/api/categories/rules/[id]/route");
  reorder: typeof import("@/app/api/categories/rules/reorder/route");
  settings: typeof import("@/app/api/categories/settings/route");
  documentCategory: typeof import("@/app/api/documents/[id]/category/route");
};
let services: typeof import("@/lib/web/services").services;

before(async () => {
  tdb = await createTestDatabase();
  dataDir = await mkdtemp(path.join(os.tmpdir(), "mailroom-categories-"));
  useWebEnv(tdb.url, { ENCRYPTION_KEY: key, AUTH_SECRET: "test-secret-test-secret", DATA_DIR: dataDir });
  routes = {
    categories: await import("@/app/api/categories/route"),
    category: await import("@/app/api/categories/[id]/route"),
    rules: await import("@/app/api/categories/rules/route"),
    rule: await import("@/app/api/categories/rules/[id]/route"),
    reorder: await import("@/app/api/categories/rules/reorder/route"),
    settings: await import("@/app/api/categories/settings/route"),
    documentCategory: await import("@/app/api/documents/[id]/category/route"),
  };
  services = (await import("@/lib/web/services")).services;
});

after(async () => {
  await (await services().boss()).stop({ graceful: false, close: true });
  await tdb.drop();
  await rm(dataDir, { recursive: true, force: true });
});

type DocSpec = { name: string; from: string; subject?: string; text: string; vendor?: string; status?: "completed" | "pending" };

/** A company whose mailbox received one email per document, stored the way a fetch stores it, then "processed". */
async function companyWithDocuments(specs: DocSpec[]) {
  const owner = await makeUser(tdb.db);
  const account = await makeImapAccount(tdb.db, parseKeyring(key), owner.companyId, { email: "in@x.test", host: "127.0.0.1", port: 143, password: "pw" });
  const ids = await addDocuments(owner.companyId, account.id, specs);
  return { ...owner, accountId: account.id, ids };
}

let uid = 1;
async function addDocuments(companyId: string, accountId: string, specs: DocSpec[]): Promise<Record<string, string>> {
  const { db, storage, boss } = services();
  const messages = specs.map((s) => ({
    uid: uid++,
    raw: Buffer.from(buildMessage({ from: s.from, subject: s.subject ?? "Your document", attachments: [{ filename: s.name, contentType: "application/pdf", content: makePdf(`${s.name} ${s.text}`) }] })),
  }));
  await storeMessages({ db, storage, boss: await boss() }, { companyId, accountId, folder: "INBOX", uidValidity: 1 }, messages, { maxAttachmentBytes: 1e7, filters: {} });
  const ids: Record<string, string> = {};
  for (const s of specs) {
    const [row] = await tdb.sql`select id from documents where company_id = ${companyId} and filename = ${s.name}`;
    const fields = s.vendor ? { vendor: { value: s.vendor, confidence: 0.9, source: "rules" } } : {};
    await tdb.sql`update documents set status = ${s.status ?? "completed"}, text = ${s.text}, fields = ${JSON.stringify(fields)}::jsonb where id = ${row.id}`;
    ids[s.name] = row.id;
  }
  return ids;
}

const ELECTRIC = (period: string) => `Israel Electric Corporation\nInvoice - electricity bill for the period ${period}\nMeter number 448812 consumption 812 kWh\nTotal due 1,180.00 ILS VAT 17%`;
const GITHUB = (n: number) => `INVOICE #INV-${n}\nGitHub, Inc.\nGitHub Team plan - 12 seats\nBilling period 2024\nSubtotal $48.00 Tax $0.00 Total $48.00`;

const post = (handler: Parameters<typeof call>[0], token: string, body: unknown, params?: Record<string, string>) => call(handler, { method: "POST", token, body, params });
const patch = (handler: Parameters<typeof call>[0], token: string, params: Record<string, string>, body: unknown) => call(handler, { method: "PATCH", token, params, body });
const del = (handler: Parameters<typeof call>[0], token: string, params: Record<string, string>) => call(handler, { method: "DELETE", token, params });
const docCategory = async (token: string, id: string) => (await call(routes.documentCategory.GET, { token, params: { id } })).json;

describe("categories API", () => {
  test("categories and rules are created, listed, changed and deleted; another company's ids answer 404", async () => {
    const a = await makeUser(tdb.db);
    const b = await makeUser(tdb.db);

    const utilities = await post(routes.categories.POST, a.token, { name: "Utilities", color: "#FF8800" });
    assert.equal(utilities.status, 201, utilities.text);
    assert.equal(utilities.json.color, "#ff8800");
    const software = await post(routes.categories.POST, a.token, { name: "תוכנה" });
    assert.equal(software.status, 201);
    assert.match(software.json.color, /^#[0-9a-f]{6}$/, "a colour is chosen when none is given");
    assert.equal((await post(routes.categories.POST, a.token, { name: "utilities" })).status, 409, "names are unique regardless of case");
    assert.equal((await post(routes.categories.POST, a.token, { name: "X", color: "red" })).status, 422);
    assert.equal((await post(routes.categories.POST, a.token, { name: "  " })).status, 422);
    assert.equal((await post(routes.categories.POST, b.token, { name: "Utilities" })).status, 201, "another company may use the same name");

    const renamed = await patch(routes.category.PATCH, a.token, { id: utilities.json.id }, { name: "Bills", color: "#112233" });
    assert.equal(renamed.status, 200);
    assert.deepEqual([renamed.json.name, renamed.json.color], ["Bills", "#112233"]);
    assert.equal((await patch(routes.category.PATCH, a.token, { id: software.json.id }, { name: "BILLS" })).status, 409);

    const rule1 = await post(routes.rules.POST, a.token, { category_id: utilities.json.id, kind: "sender", pattern: "@iec.co.il" });
    assert.equal(rule1.status, 201, rule1.text);
    const rule2 = await post(routes.rules.POST, a.token, { category_id: software.json.id, kind: "regex", pattern: "INV-\\d+" });
    assert.deepEqual([rule1.json.position, rule2.json.position], [0, 1], "a new rule goes last");
    const badRegex = await post(routes.rules.POST, a.token, { category_id: software.json.id, kind: "regex", pattern: "(a+)+$" });
    assert.equal(badRegex.status, 422);
    assert.equal(badRegex.json.error.fields[0].path, "pattern");
    assert.equal((await post(routes.rules.POST, a.token, { category_id: software.json.id, kind: "regex", pattern: "([a-z" })).status, 422);
    assert.equal((await post(routes.rules.POST, a.token, { category_id: software.json.id, kind: "colour", pattern: "x" })).status, 422);
    // Only the server runs a regex on probes (the browser's form checks its shape): its refusal lands beside the field too.
    const slowRegex = await post(routes.rules.POST, a.token, { category_id: software.json.id, kind: "regex", pattern: "^(a|aa)+$" });
    assert.equal(slowRegex.status, 422);
    assert.deepEqual([slowRegex.json.error.code, slowRegex.json.error.fields[0].path], ["validation_failed", "pattern"]);
    assert.match(slowRegex.json.error.fields[0].message, /takes too long/);
    const kindChange = await patch(routes.rule.PATCH, a.token, { id: rule2.json.id }, { kind: "sender" });
    assert.equal(kindChange.status, 422, "the pattern is checked against the kind it ends up with");
    assert.deepEqual([kindChange.json.error.code, kindChange.json.error.fields[0].path], ["validation_failed", "pattern"]);
    const changed = await patch(routes.rule.PATCH, a.token, { id: rule1.json.id }, { pattern: "billing@iec.co.il" });
    assert.equal(changed.status, 200);
    assert.equal(changed.json.pattern, "billing@iec.co.il");

    const list = await call(routes.categories.GET, { token: a.token });
    assert.deepEqual(
      list.json.items.map((c: { name: string; rule_count: number }) => [c.name, c.rule_count]),
      [["Bills", 1], ["תוכנה", 1]],
    );
    const rules = await call(routes.rules.GET, { token: a.token });
    assert.deepEqual(rules.json.items.map((r: { id: string }) => r.id), [rule1.json.id, rule2.json.id]);

    // Company B sees none of it and can touch none of it.
    assert.deepEqual((await call(routes.categories.GET, { token: b.token })).json.items.map((c: { name: string }) => c.name), ["Utilities"]);
    assert.equal((await call(routes.rules.GET, { token: b.token })).json.items.length, 0);
    const theirs = { id: utilities.json.id };
    assert.equal((await call(routes.category.GET, { token: b.token, params: theirs })).status, 404);
    assert.equal((await patch(routes.category.PATCH, b.token, theirs, { name: "Mine" })).status, 404);
    assert.equal((await del(routes.category.DELETE, b.token, theirs)).status, 404);
    assert.equal((await post(routes.rules.POST, b.token, { category_id: utilities.json.id, kind: "keyword", pattern: "x" })).status, 404);
    assert.equal((await patch(routes.rule.PATCH, b.token, { id: rule1.json.id }, { pattern: "@evil.test" })).status, 404);
    assert.equal((await del(routes.rule.DELETE, b.token, { id: rule1.json.id })).status, 404);
    assert.equal((await post(routes.reorder.POST, b.token, { ids: [rule2.json.id, rule1.json.id] })).status, 404);
    assert.equal((await call(routes.category.GET, { token: a.token, params: { id: "not-a-uuid" } })).status, 404);

    assert.equal((await post(routes.reorder.POST, a.token, { ids: [rule2.json.id] })).status, 422, "a reorder lists every rule");
    const reordered = await post(routes.reorder.POST, a.token, { ids: [rule2.json.id, rule1.json.id] });
    assert.equal(reordered.status, 200);
    assert.deepEqual(reordered.json.items.map((r: { id: string; position: number }) => [r.id, r.position]), [[rule2.json.id, 0], [rule1.json.id, 1]]);

    assert.equal((await del(routes.rule.DELETE, a.token, { id: rule2.json.id })).status, 200);
    const gone = await del(routes.category.DELETE, a.token, { id: utilities.json.id });
    assert.equal(gone.status, 200);
    assert.equal((await call(routes.rules.GET, { token: a.token })).json.items.length, 0, "a category's rules go with it");
    assert.equal((await call(routes.category.GET, { token: a.token, params: { id: utilities.json.id } })).status, 404);
  });

  test("rules are tried in order: the first that matches decides, and reordering changes the outcome", async () => {
    const a = await companyWithDocuments([{ name: "iec-1.pdf", from: "Israel Electric <billing@iec.co.il>", subject: "חשבונית חשמל", text: "חשבונית מס 1042\nחברת החשמל\nסה״כ לתשלום 1,180.00 ₪" }]);
    const bills = (await post(routes.categories.POST, a.token, { name: "Bills" })).json;
    const utilities = (await post(routes.categories.POST, a.token, { name: "Utilities" })).json;
    const keyword = (await post(routes.rules.POST, a.token, { category_id: bills.id, kind: "keyword", pattern: 'סה"כ לתשלום' })).json;
    const sender = (await post(routes.rules.POST, a.token, { category_id: utilities.id, kind: "sender", pattern: "@IEC.co.il" })).json;
    const id = a.ids["iec-1.pdf"];

    assert.equal((await categorizeDocument(tdb.db, { documentId: id, companyId: a.companyId }))?.status, "rule");
    let now = await docCategory(a.token, id);
    assert.deepEqual([now.category.name, now.category_source, now.category_rule_id, now.category_confidence], ["Bills", "rule", keyword.id, 1]);

    await post(routes.reorder.POST, a.token, { ids: [sender.id, keyword.id] });
    await categorizeDocument(tdb.db, { documentId: id, companyId: a.companyId });
    now = await docCategory(a.token, id);
    assert.deepEqual([now.category.name, now.category_rule_id], ["Utilities", sender.id]);

    // Subject rules read the email's subject; changing the first rule to one that fails lets the next decide.
    await patch(routes.rule.PATCH, a.token, { id: sender.id }, { kind: "subject", pattern: "קבלה" });
    await categorizeDocument(tdb.db, { documentId: id, companyId: a.companyId });
    assert.equal((await docCategory(a.token, id)).category.name, "Bills");

    // Deleting the rule keeps the document's category but no longer points at the rule.
    await del(routes.rule.DELETE, a.token, { id: keyword.id });
    now = await docCategory(a.token, id);
    assert.deepEqual([now.category.name, now.category_source, now.category_rule_id], ["Bills", "rule", null]);
  });

  test("a person's choice wins over rules and teaches the classifier, which then categorizes a similar document", async () => {
    const a = await companyWithDocuments([
      { name: "electric-march.pdf", from: "billing@iec.co.il", text: ELECTRIC("03/2024"), vendor: "Israel Electric" },
      { name: "github-1.pdf", from: "GitHub <billing@github.com>", text: GITHUB(2291), vendor: "GitHub" },
    ]);
    const utilities = (await post(routes.categories.POST, a.token, { name: "Utilities" })).json;
    const software = (await post(routes.categories.POST, a.token, { name: "Software" })).json;
    // A careless rule: every invoice is software.
    const catchAll = (await post(routes.rules.POST, a.token, { category_id: software.id, kind: "keyword", pattern: "invoice" })).json;
    const electric = a.ids["electric-march.pdf"];

    await categorizeDocument(tdb.db, { documentId: electric, companyId: a.companyId });
    assert.equal((await docCategory(a.token, electric)).category.name, "Software");

    const chosen = await call(routes.documentCategory.PUT, { method: "PUT", token: a.token, params: { id: electric }, body: { category_id: utilities.id } });
    assert.equal(chosen.status, 200, chosen.text);
    assert.deepEqual([chosen.json.category.name, chosen.json.category_source, chosen.json.category_confidence], ["Utilities", "person", 1]);
    assert.equal((await categorizeDocument(tdb.db, { documentId: electric, companyId: a.companyId }))?.status, "person");
    assert.equal((await docCategory(a.token, electric)).category.name, "Utilities", "the rule does not overrule a person");

    await call(routes.documentCategory.PUT, { method: "PUT", token: a.token, params: { id: a.ids["github-1.pdf"] }, body: { category_id: software.id } });
    const settings = await call(routes.settings.GET, { token: a.token });
    assert.deepEqual([settings.json.samples, settings.json.categories_learned, settings.json.threshold], [2, 2, 0.6]);

    await del(routes.rule.DELETE, a.token, { id: catchAll.id });
    const more = await addDocuments(a.companyId, a.accountId, [
      { name: "electric-may.pdf", from: "Israel Electric <billing@iec.co.il>", text: ELECTRIC("05/2024"), vendor: "Israel Electric" },
      { name: "github-2.pdf", from: "billing@github.com", text: GITHUB(2400), vendor: "GitHub" },
      { name: "pizza.pdf", from: "orders@pizza.test", text: "Receipt Pizza Napoli 2x Margherita 1x Coke total 118.00", vendor: "Pizza Napoli" },
    ]);
    const outcome = await categorizeDocument(tdb.db, { documentId: more["electric-may.pdf"], companyId: a.companyId });
    assert.equal(outcome?.status, "classifier");
    const learned = await docCategory(a.token, more["electric-may.pdf"]);
    assert.deepEqual([learned.category.name, learned.category_source, learned.category_rule_id], ["Utilities", "classifier", null]);
    assert.ok(learned.category_confidence >= 0.6 && learned.category_confidence <= 1, `confidence ${learned.category_confidence}`);
    await categorizeDocument(tdb.db, { documentId: more["github-2.pdf"], companyId: a.companyId });
    assert.equal((await docCategory(a.token, more["github-2.pdf"])).category.name, "Software");
    // Something unlike either waits for a person, with the classifier's guesses to help.
    assert.equal((await categorizeDocument(tdb.db, { documentId: more["pizza.pdf"], companyId: a.companyId }))?.status, "uncategorized");
    const pizza = await docCategory(a.token, more["pizza.pdf"]);
    assert.equal(pizza.category, null);
    assert.ok(pizza.suggestions.every((s: { confidence: number }) => s.confidence < 0.6));

    // Tenancy: another company can neither set nor read, nor use its own categories here.
    const b = await makeUser(tdb.db);
    const theirCategory = (await post(routes.categories.POST, b.token, { name: "Theirs" })).json;
    assert.equal((await call(routes.documentCategory.PUT, { method: "PUT", token: b.token, params: { id: electric }, body: { category_id: theirCategory.id } })).status, 404);
    assert.equal((await call(routes.documentCategory.GET, { token: b.token, params: { id: electric } })).status, 404);
    assert.equal((await call(routes.documentCategory.PUT, { method: "PUT", token: a.token, params: { id: electric }, body: { category_id: theirCategory.id } })).status, 404);
    assert.equal((await call(routes.documentCategory.PUT, { method: "PUT", token: a.token, params: { id: electric }, body: { category_id: "x" } })).status, 422);

    // A person may also say "no category": it stays that way, and the classifier forgets the example.
    const cleared = await call(routes.documentCategory.PUT, { method: "PUT", token: a.token, params: { id: electric }, body: { category_id: null } });
    assert.deepEqual([cleared.json.category, cleared.json.category_source], [null, "person"]);
    assert.equal((await call(routes.settings.GET, { token: a.token })).json.samples, 1);
    assert.equal((await categorizeDocument(tdb.db, { documentId: electric, companyId: a.companyId }))?.status, "person");

    const strict = await patch(routes.settings.PATCH, a.token, {}, { threshold: 0.9 });
    assert.equal(strict.json.threshold, 0.9);
    assert.equal((await patch(routes.settings.PATCH, a.token, {}, { threshold: 2 })).status, 422);
  });

  test("the Review list holds completed documents no rule or confident classifier placed, with guesses, until a person chooses", async () => {
    const a = await companyWithDocuments([
      { name: "electric-1.pdf", from: "billing@iec.co.il", text: ELECTRIC("01/2024"), vendor: "Israel Electric" },
      { name: "github-1.pdf", from: "billing@github.com", text: GITHUB(1), vendor: "GitHub" },
      { name: "electric-2.pdf", from: "billing@iec.co.il", text: ELECTRIC("02/2024"), vendor: "Israel Electric" },
      { name: "still-reading.pdf", from: "billing@iec.co.il", text: ELECTRIC("03/2024"), status: "pending" },
    ]);
    // Without categories there is nothing to choose from: nothing waits.
    assert.deepEqual([(await listAwaitingCategory(tdb.db, a.companyId)).total, (await companyStats(tdb.db, a.companyId)).documents_awaiting_category], [0, 0]);

    const utilities = (await post(routes.categories.POST, a.token, { name: "Utilities" })).json;
    const software = (await post(routes.categories.POST, a.token, { name: "Software" })).json;
    const first = await listAwaitingCategory(tdb.db, a.companyId);
    assert.deepEqual(new Set(first.items.map((d) => d.filename)), new Set(["electric-1.pdf", "github-1.pdf", "electric-2.pdf"]), "completed only");
    assert.deepEqual([first.total, first.can_decide, first.items.every((d) => d.suggestions.length === 0)], [3, false, true], "nothing learned yet: no guesses");
    assert.deepEqual(first.categories.map((c) => c.name), ["Software", "Utilities"], "the choices, by name");
    const [p1, p2] = [await listAwaitingCategory(tdb.db, a.companyId, { limit: 2 }), await listAwaitingCategory(tdb.db, a.companyId, { limit: 2, offset: 2 })];
    assert.deepEqual([p1.items.length, p1.has_more, p2.items.length, p2.has_more], [2, true, 1, false]);
    assert.deepEqual(new Set([...p1.items, ...p2.items].map((d) => d.id)).size, 3, "pages do not overlap");

    const choose = (id: string, categoryId: string | null) => call(routes.documentCategory.PUT, { method: "PUT", token: a.token, params: { id }, body: { category_id: categoryId } });
    await choose(a.ids["electric-1.pdf"], utilities.id);
    await choose(a.ids["github-1.pdf"], software.id);
    const after = await listAwaitingCategory(tdb.db, a.companyId);
    assert.deepEqual(after.items.map((d) => d.filename), ["electric-2.pdf"]);
    assert.equal(after.can_decide, true);
    const [guess] = after.items[0].suggestions;
    assert.deepEqual([guess.name, guess.id], ["Utilities", utilities.id], "the classifier's best guess comes first");
    assert.ok(guess.confidence > 0 && guess.confidence <= 1);
    const stats = await companyStats(tdb.db, a.companyId);
    assert.deepEqual(
      [stats.accounts, stats.emails, stats.documents, stats.documents_by_status.completed, stats.documents_by_status.pending, stats.documents_awaiting_category],
      [1, 4, 4, 3, 1, 1],
    );

    // "No category" is a choice too; another company sees none of it.
    await choose(a.ids["electric-2.pdf"], null);
    assert.equal((await listAwaitingCategory(tdb.db, a.companyId)).total, 0);
    const b = await makeUser(tdb.db);
    await post(routes.categories.POST, b.token, { name: "Theirs" });
    assert.equal((await listAwaitingCategory(tdb.db, b.companyId)).total, 0);
  });

  test("the orphans job categorizes completed documents left without a category, leaves people's choices alone, and does not redo its work", async () => {
    const a = await companyWithDocuments([
      { name: "iec-orphan.pdf", from: "billing@iec.co.il", text: ELECTRIC("01/2024") },
      { name: "iec-pending.pdf", from: "billing@iec.co.il", text: ELECTRIC("02/2024"), status: "pending" },
      { name: "iec-person.pdf", from: "billing@iec.co.il", text: ELECTRIC("03/2024") },
      { name: "other.pdf", from: "someone@else.test", text: "Quarterly newsletter about gardening" },
    ]);
    const utilities = (await post(routes.categories.POST, a.token, { name: "Utilities" })).json;
    const misc = (await post(routes.categories.POST, a.token, { name: "Misc" })).json;
    await post(routes.rules.POST, a.token, { category_id: utilities.id, kind: "sender", pattern: "iec.co.il" });
    await call(routes.documentCategory.PUT, { method: "PUT", token: a.token, params: { id: a.ids["iec-person.pdf"] }, body: { category_id: null } });

    const ctx = { db: tdb.db, log: logger } as unknown as JobContext;
    const run = (data: unknown = null) => documentsCategorizeOrphans.handler(documentsCategorizeOrphans.schema.parse(data), ctx) as Promise<OrphansResult>;
    assert.equal(documentsCategorizeOrphans.name, "documents.categorize-orphans");
    assert.equal(documentsCategorizeOrphans.cron?.pattern, "*/10 * * * *");
    await run();
    const rows = async () =>
      Object.fromEntries(
        (await tdb.sql`select filename, category_id, category_source from documents where company_id = ${a.companyId}`).map((r) => [r.filename, [r.category_id, r.category_source]]),
      );
    assert.deepEqual(await rows(), {
      "iec-orphan.pdf": [utilities.id, "rule"],
      "iec-pending.pdf": [null, null],
      "iec-person.pdf": [null, "person"],
      "other.pdf": [null, null],
    });

    const again = await run({ company_id: a.companyId });
    assert.equal(again.examined, 0, "nothing changed: the documents it could not decide are not read again");

    // A new rule changes what can be decided, so the job looks again.
    await post(routes.rules.POST, a.token, { category_id: misc.id, kind: "keyword", pattern: "gardening" });
    const third = await run({ company_id: a.companyId });
    assert.deepEqual([third.examined, third.categorized], [1, 1]);
    assert.deepEqual((await rows())["other.pdf"], [misc.id, "rule"]);

    // A document that completes later is picked up by the next run.
    await tdb.sql`update documents set status = 'completed', last_processed_at = now() where id = ${a.ids["iec-pending.pdf"]}`;
    await run();
    assert.deepEqual((await rows())["iec-pending.pdf"], [utilities.id, "rule"]);

    // Deleting a category sends its documents back to the orphans.
    const gone = await del(routes.category.DELETE, a.token, { id: misc.id });
    assert.equal(gone.json.documents_uncategorized, 1);
    assert.deepEqual((await rows())["other.pdf"], [null, null]);
  });

  test("the worker runs the orphans job on its 10-minute schedule and on demand", async () => {
    const a = await companyWithDocuments([{ name: "by-worker.pdf", from: "billing@iec.co.il", text: ELECTRIC("09/2024") }]);
    const utilities = (await post(routes.categories.POST, a.token, { name: "Utilities" })).json;
    await post(routes.rules.POST, a.token, { category_id: utilities.id, kind: "sender", pattern: "@iec.co.il" });
    const worker = await startWorker({
      databaseUrl: tdb.url,
      jobs: [documentsCategorizeOrphans],
      storage: createStorage({ dataDir }),
      keyring: parseKeyring(key),
      log: logger,
      settings: { ...DEFAULT_SETTINGS, concurrency: 1, ocr: { langs: "eng" }, gemini: {} },
    });
    try {
      const [schedule] = await tdb.sql.unsafe(`select cron from ${BOSS_SCHEMA}.schedule where name = 'documents.categorize-orphans'`);
      assert.equal(schedule?.cron, "*/10 * * * *");
      await enqueue(worker.boss, documentsCategorizeOrphans, { company_id: a.companyId });
      await waitFor("the worker to categorize the document", async () => {
        const [row] = await tdb.sql`select category_id from documents where id = ${a.ids["by-worker.pdf"]}`;
        return row.category_id === utilities.id;
      });
    } finally {
      await worker.stop({ timeoutMs: 5_000 });
    }
  });
});
