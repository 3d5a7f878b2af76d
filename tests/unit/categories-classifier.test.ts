import { test } from "node:test";
import assert from "node:assert/strict";
import { documentFeatures, emptyModel, learn, parseModel, predict, prune, serializeModel, type FeatureInput } from "@/lib/categories/classifier";

const examples: [string, FeatureInput][] = [
  ["utilities", { text: "Israel Electric Corporation\nElectricity bill for the period 01/03/2024 - 30/04/2024\nMeter number 448812 consumption 812 kWh\nTotal due 1,180.00 ILS VAT 17%", vendor: "Israel Electric", from: "billing@iec.co.il" }],
  ["utilities", { text: "חברת החשמל לישראל\nחשבון חשמל לתקופה 01/05/2024 - 30/06/2024\nצריכה 790 קוט\"ש מונה 448812\nסה\"כ לתשלום 1,090.00 ₪ כולל מע\"מ", vendor: "חברת החשמל", from: "noreply@iec.co.il" }],
  ["software", { text: "INVOICE #INV-2291\nGitHub, Inc.\nGitHub Team plan - 12 seats\nBilling period Mar 2024\nSubtotal $48.00 Tax $0.00 Total $48.00", vendor: "GitHub", from: "billing@github.com" }],
  ["software", { text: "Invoice 88123\nAtlassian Pty Ltd\nJira Software Cloud Standard subscription 10 users\nPeriod April 2024\nTotal USD 81.50", vendor: "Atlassian", from: "noreply@atlassian.com" }],
  ["travel", { text: "Receipt\nEl Al Israel Airlines\nTicket 114-2345678901 TLV-LHR economy\nPassenger: Cohen/Dana\nFare 1,250.00 Taxes 310.00 Total USD 1,560.00", vendor: "El Al", from: "receipts@elal.co.il" }],
];

function trained() {
  const model = emptyModel();
  for (const [category, input] of examples) learn(model, documentFeatures(input), category);
  return model;
}

test("learns categories from examples and recognises similar documents, English and Hebrew", () => {
  const model = trained();
  const electric = predict(model, documentFeatures({ text: "Israel Electric Corporation\nElectricity bill for the period 01/07/2024\nMeter number 448812 consumption 905 kWh\nTotal due 1,312.40 ILS", vendor: "Israel Electric", from: "billing@iec.co.il" }));
  assert.equal(electric?.categoryId, "utilities");
  assert.ok(electric!.confidence >= 0.8, `confidence ${electric!.confidence}`);
  const hebrew = predict(model, documentFeatures({ text: "חֶבְרַת הַחַשְׁמַל לישראל\nחשבון חשמל לתקופה 01/07/2024\nצריכה 905 קוט״ש\nסה״כ לתשלום 1,312.40 ₪", vendor: "חברת החשמל" }));
  assert.equal(hebrew?.categoryId, "utilities", "niqqud and gershayim variants are the same words");
  assert.ok(hebrew!.confidence >= 0.6);
  const github = predict(model, documentFeatures({ text: "INVOICE #INV-2400\nGitHub, Inc.\nGitHub Team plan - 14 seats\nBilling period May 2024\nTotal $56.00", vendor: "GitHub", from: "billing@github.com" }));
  assert.equal(github?.categoryId, "software");
  assert.ok(github!.confidence >= 0.8);
  const sender = predict(model, documentFeatures({ text: "", vendor: null, from: "Someone <statements@mail.elal.co.il>" }));
  assert.equal(sender?.categoryId, "travel", "the sender's domain alone is evidence, subdomains included");
});

test("a document unlike anything learned gets a low confidence", () => {
  const model = trained();
  const pizza = predict(model, documentFeatures({ text: "Receipt\nPizza Hut Ramat Gan\n2x Large Margherita\nCoke\nTotal 118.00 ILS", vendor: "Pizza Hut", from: "orders@pizzahut.co.il" }));
  assert.ok(pizza === null || pizza.confidence < 0.6, `confidence ${pizza?.confidence}`);
  assert.equal(predict(model, documentFeatures({ text: "plumbing quote for bathroom pipes and fittings" })), null, "no known word at all");
  assert.equal(predict(model, new Map()), null);
});

test("one learned category is not enough to choose; forgetting undoes learning", () => {
  const model = emptyModel();
  const f = documentFeatures(examples[0][1]);
  learn(model, f, "utilities");
  assert.equal(predict(model, f), null, "with one category every document would look like it");
  const g = documentFeatures(examples[2][1]);
  learn(model, g, "software");
  assert.equal(predict(model, f)?.categoryId, "utilities");
  learn(model, g, "software", -1);
  assert.deepEqual(Object.keys(model.classes), ["utilities"]);
  assert.equal(model.docs, 1);
  learn(model, g, "software", -1);
  assert.equal(model.docs, 1, "forgetting what was never learned changes nothing");
  learn(model, f, "utilities", -1);
  assert.deepEqual(model, emptyModel(), "nothing left over");
});

test("a model survives a JSON round trip and predicts the same", () => {
  const model = trained();
  const copy = parseModel(JSON.parse(JSON.stringify(serializeModel(model))));
  const f = documentFeatures({ text: "Jira Software Cloud subscription, Atlassian, total USD 90", vendor: "Atlassian" });
  const a = predict(model, f)!;
  const b = predict(copy, f)!;
  assert.equal(b.categoryId, a.categoryId);
  assert.ok(Math.abs(a.confidence - b.confidence) < 1e-6);
  assert.deepEqual(parseModel({ version: 99 }), emptyModel(), "an unknown format starts empty");
  assert.deepEqual(parseModel(null), emptyModel());
});

test("the vocabulary stays bounded and one document's features are capped", () => {
  const model = trained();
  prune(model, 20);
  assert.equal(Object.keys(model.df).length, 20);
  for (const c of Object.values(model.classes)) for (const t of Object.keys(c.counts)) assert.ok(t in model.df);
  const long = documentFeatures({ text: Array.from({ length: 5_000 }, (_, i) => `word${i}x`).join(" ") });
  assert.ok(long.size <= 400);
});

test("predicting is fast enough for a batch job", () => {
  const model = emptyModel();
  for (let i = 0; i < 300; i++) learn(model, documentFeatures({ text: `vendor${i % 30} invoice item${i} ${"lorem ipsum dolor ".repeat(50)} total ${i}`, vendor: `Vendor ${i % 30}` }), `c${i % 10}`);
  const f = documentFeatures({ text: "vendor7 invoice item17 lorem ipsum total".repeat(100), vendor: "Vendor 7" });
  const started = performance.now();
  for (let i = 0; i < 200; i++) predict(model, f);
  const perDoc = (performance.now() - started) / 200;
  assert.ok(perDoc < 5, `${perDoc.toFixed(2)} ms per prediction`);
  assert.ok(JSON.stringify(serializeModel(model)).length < 2_000_000);
});

test("rules decide first; then the classifier, only at or above the threshold; below it, no category", async () => {
  const { decideCategory } = await import("@/lib/categories/categorize");
  const { emptyStoredModel } = await import("@/lib/categories/model");
  const model = { ...emptyStoredModel(), classifier: trained() };
  const categorizer = { companyId: "c", rules: [{ id: "r1", categoryId: "travel", kind: "keyword" as const, pattern: "flight" }], model };
  const similar = { text: "INVOICE #INV-2400\nGitHub, Inc.\nGitHub Team plan - 14 seats\nTotal $56.00", vendor: "GitHub", from: "billing@github.com" };

  assert.deepEqual(decideCategory(categorizer, { ...similar, text: `${similar.text}\nflight` }), { source: "rule", categoryId: "travel", confidence: 1, ruleId: "r1" });
  const byClassifier = decideCategory(categorizer, similar);
  assert.equal(byClassifier.source, "classifier");
  assert.equal(byClassifier.categoryId, "software");

  const vague = { text: "Slack Technologies Pro plan subscription 8 users, total USD 70", vendor: "Slack", from: "feedback@slack.com" };
  const guess = decideCategory(categorizer, vague);
  assert.equal(guess.source, null, "the default threshold (0.6) is not reached");
  assert.ok(guess.source === null && guess.guess && guess.guess.confidence < 0.6 && guess.guess.categoryId === "software");
  const lenient = { ...categorizer, model: { ...model, settings: { ...model.settings, threshold: 0.3 } } };
  assert.equal(decideCategory(lenient, vague).categoryId, "software", "a lower threshold accepts it");
});
