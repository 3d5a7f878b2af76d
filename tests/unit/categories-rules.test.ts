import { test } from "node:test";
import assert from "node:assert/strict";
import { firstMatchingRule, patternProblem, ruleMatches, type Rule } from "@/lib/categories/rules";
import { guardedTest } from "@/lib/categories/safe-regex";
import { normalizeText, words } from "@/lib/categories/text";

const doc = {
  text: "חשבונית מס 1042\nחברת החשמל לישראל בע״מ\nסה״כ לתשלום 1,180.00 ₪ כולל מע\"מ\nElectricity bill, meter 448812",
  filename: "invoice-march.pdf",
  subject: "Your Invoice for March",
  from: "Israel Electric <Billing@Mail.IEC.co.il>",
  vendor: "Israel Electric Corporation",
};
const matches = (kind: Rule["kind"], pattern: string, input: Parameters<typeof ruleMatches>[1] = doc) => ruleMatches({ kind, pattern }, input);

test("sender rules match an address, a domain with its subdomains, or a mailbox name, case-insensitively", () => {
  assert.ok(matches("sender", "billing@mail.iec.co.il"));
  assert.ok(matches("sender", "BILLING@MAIL.IEC.CO.IL"));
  assert.ok(matches("sender", "@iec.co.il"), "a parent domain");
  assert.ok(matches("sender", "iec.co.il"));
  assert.ok(matches("sender", "billing@"));
  assert.ok(matches("sender", "someone@else.com, @iec.co.il"), "any of a list");
  assert.ok(!matches("sender", "@c.co.il"), "not a mere suffix of a label");
  assert.ok(!matches("sender", "other@mail.iec.co.il"));
  assert.ok(!matches("sender", "@iec.co.il", { ...doc, from: null }));
  assert.ok(matches("sender", "@acme.com", { text: "", from: "plain@acme.com" }));
});

test("subject and keyword rules match whole words and phrases, not parts of words", () => {
  assert.ok(matches("subject", "invoice"));
  assert.ok(matches("subject", "INVOICE FOR march"), "a phrase, any case");
  assert.ok(!matches("subject", "invoice march"), "the words of a phrase stand together");
  assert.ok(!matches("subject", "voice"));
  assert.ok(matches("subject", "invoic*"), "a trailing * matches longer words");
  assert.ok(matches("keyword", "electricity bill"));
  assert.ok(matches("keyword", "march"), "the file name counts as the document's words");
  assert.ok(!matches("keyword", "electric"), "whole words only");
  assert.ok(!matches("keyword", "  ,  "), "no words, no match");
});

test("Hebrew keywords match with niqqud, geresh and gershayim variants, and with attached prefixes", () => {
  assert.ok(matches("keyword", "חשבונית מס"));
  assert.ok(matches("keyword", "חֶשְׁבּוֹנִית"), "niqqud in the pattern is ignored");
  assert.ok(matches("keyword", "חשבונית", { text: "חֶשְׁבּוֹנִית מַס" }), "niqqud in the text is ignored");
  assert.ok(matches("keyword", 'מע"מ'), "ASCII quote for the gershayim");
  assert.ok(matches("keyword", "מע״מ"), "the gershayim itself");
  assert.ok(matches("keyword", "מע”מ"), "a typographic quote");
  assert.ok(matches("keyword", "מעמ"), "no mark at all");
  assert.ok(matches("keyword", "סה״כ לתשלום"));
  assert.ok(matches("keyword", "חשמל"), "החשמל: the definite article is a prefix");
  assert.ok(matches("keyword", "חשבון", { text: "ובחשבון הזה" }), "stacked prefixes");
  assert.ok(!matches("keyword", "חשבון"), "חשבונית is another word");
  assert.ok(matches("keyword", "חשבון*"), "unless the pattern asks for longer words");
  assert.ok(!matches("keyword", "שמל"), "a prefix must be a prefix letter (ח is not)");
  assert.ok(matches("keyword", "ﬠמותה", { text: "עמותה" }), "presentation forms fold to letters");
  assert.equal(normalizeText("Café ״X״"), "cafe x");
  assert.deepEqual(words("ג׳ירפה בע\"מ"), ["גירפה", "בעמ"]);
});

test("vendor rules match the vendor people see, whole or in part", () => {
  assert.ok(matches("vendor", "israel electric"));
  assert.ok(matches("vendor", "Israel Electric Corporation"));
  assert.ok(!matches("vendor", "electricity"));
  assert.ok(matches("vendor", "חברת החשמל", { text: "", vendor: "חברת החשמל לישראל" }));
  assert.ok(!matches("vendor", "acme", { text: "acme", vendor: null }), "no vendor, no match, whatever the text says");
});

test("regex rules search the text, ignoring case", () => {
  assert.ok(matches("regex", "meter\\s+\\d{6}"));
  assert.ok(matches("regex", "ELECTRICITY"));
  assert.ok(matches("regex", "סה.כ לתשלום [\\d,.]+"));
  assert.ok(!matches("regex", "^meter"));
  assert.ok(!matches("regex", "meter", { text: null }));
  assert.ok(!matches("regex", "(unclosed"), "a broken pattern saved by hand never matches");
});

test("the first rule in order decides", () => {
  const rules: Rule[] = [
    { id: "r1", categoryId: "travel", kind: "keyword", pattern: "flight" },
    { id: "r2", categoryId: "utilities", kind: "sender", pattern: "@iec.co.il" },
    { id: "r3", categoryId: "other", kind: "keyword", pattern: "חשבונית" },
  ];
  assert.equal(firstMatchingRule(rules, doc).rule?.id, "r2");
  assert.equal(firstMatchingRule([rules[2], rules[1]], doc).rule?.id, "r3");
  assert.equal(firstMatchingRule([rules[0]], doc).rule, null);
});

test("patterns are checked when saved: a bad regex cannot be stored", () => {
  assert.equal(patternProblem("regex", "total\\s+\\d+"), null);
  assert.match(patternProblem("regex", "(unclosed")?.message ?? "", /not a valid regular expression/);
  assert.match(patternProblem("regex", "(a+)+$")?.message ?? "", /repeats a group/);
  assert.match(patternProblem("regex", "(\\w*\\s?)*x")?.message ?? "", /repeats a group/);
  assert.match(patternProblem("regex", "x?")?.message ?? "", /every document/);
  assert.match(patternProblem("regex", "a".repeat(400))?.message ?? "", /at most/);
  assert.equal(patternProblem("regex", "(\\d{3},)+\\d{3}"), null, "fixed-width repetition is fine");
  assert.equal(patternProblem("sender", "@acme.com"), null);
  assert.equal(patternProblem("sender", "billing@acme.com, @other.co.il"), null);
  assert.match(patternProblem("sender", "acme")?.message ?? "", /not an address/);
  assert.match(patternProblem("keyword", "!!!")?.message ?? "", /at least one word/);
  assert.equal(patternProblem("keyword", "חשבונית"), null);
});

test("a catastrophic regex that slips past the checks times out instead of hanging the worker", () => {
  const started = Date.now();
  const result = guardedTest(/^(a|aa)+$/u, "a".repeat(60) + "!", 50);
  assert.equal(result, "timeout");
  assert.ok(Date.now() - started < 2_000, `took ${Date.now() - started} ms`);
  const rules: Rule[] = [
    { id: "slow", categoryId: "x", kind: "regex", pattern: "^(a|aa)+$" },
    { id: "fine", categoryId: "y", kind: "keyword", pattern: "aaa" },
  ];
  const m = firstMatchingRule(rules, { text: "a".repeat(60) + "! aaa" });
  assert.equal(m.rule?.id, "fine", "the slow rule counts as no match and the next one decides");
});

test("all of a document's rules share one time budget; rules past it count as no match", { timeout: 10_000 }, () => {
  const slow: Rule[] = Array.from({ length: 200 }, (_, i) => ({ id: `slow-${i}`, categoryId: "x", kind: "regex", pattern: "^(a|aa)+$" }));
  const rules: Rule[] = [...slow, { id: "sender", categoryId: "y", kind: "sender", pattern: "acme.com" }];
  const m = firstMatchingRule(rules, { text: "a".repeat(60) + "!", from: "billing@acme.com" }, 120);
  assert.equal(m.rule, null, "the sender rule comes after the budget ran out");
  if (m.rule) return;
  // At 50 ms a rule, a 120 ms budget runs two slow rules and the last rules get what is left: a handful, not 200.
  assert.ok(m.timedOut.length >= 2 && m.timedOut.length <= 5, `${m.timedOut.length} rules ran`);
  assert.equal(m.timedOut.length + m.skipped.length, rules.length);
  assert.equal(m.skipped.at(-1)?.id, "sender");
  assert.equal(firstMatchingRule(rules.slice(-1), { text: "x", from: "billing@acme.com" }, 120).rule?.id, "sender");
});
