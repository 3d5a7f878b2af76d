import { after, before, beforeEach, describe, test } from "node:test";
import assert from "node:assert/strict";
import { extractDocument } from "@/lib/extract/extract";
import { checkExtraction } from "@/lib/extract/checks";
import { startFakeGemini, validAnswer, type FakeGemini } from "../support/gemini";

const KEY = "test-key-AIzaFAKE-0123456789";
const TEXT = [
  "Acme Ltd                                   INVOICE",
  "Bill To:                          Invoice #:   1042",
  "Globex Corporation                Date:        12/03/2024",
  "                                  Due Date:    11/04/2024",
  "Description                 Qty     Unit Price       Amount",
  "Consulting hours            10        $100.00    $1,000.00",
  "                            Subtotal               $1,000.00",
  "                            VAT 18%                  $180.00",
  "                            Total                  $1,180.00",
].join("\n");

describe("extractDocument with Gemini (local generateContent server)", () => {
  let gemini: FakeGemini;
  before(async () => {
    gemini = await startFakeGemini();
  });
  after(async () => {
    await gemini.close();
  });
  beforeEach(() => {
    gemini.requests.length = 0;
    gemini.respond({ kind: "answer", json: validAnswer() });
  });
  const run = (opts: { timeoutMs?: number; model?: string } = {}) => extractDocument({ text: TEXT, filename: "inv-1042.pdf", sender: "Acme Billing <billing@acme.test>" }, { geminiApiKey: KEY, geminiBaseUrl: gemini.url, ...opts });

  test("a valid answer is used, every field marked gemini", async () => {
    const e = await run();
    assert.equal(e.extractor, "gemini");
    assert.equal(e.fallback_reason, undefined);
    assert.equal(e.fields.total?.value, 1180);
    assert.equal(e.fields.total?.source, "gemini");
    assert.equal(e.fields.vendor?.value, "Acme Ltd");
    assert.equal(e.line_items_source, "gemini");
    assert.equal(e.summary_source, "gemini");
    assert.deepEqual(e.line_items, [{ description: "Consulting", quantity: 10, unit_price: 100, amount: 1000 }]);
    // Gemini and the rules agree on the total: the confidence rises.
    assert.ok(e.fields.total!.confidence >= 0.95);
    assert.ok(checkExtraction(e).every((c) => c.ok));
  });

  test("the request goes to the model's generateContent with the key header, JSON output and the document text", async () => {
    await run({ model: "gemini-test-model" });
    assert.equal(gemini.requests.length, 1);
    const r = gemini.requests[0];
    assert.equal(r.method, "POST");
    assert.equal(r.path, "/v1beta/models/gemini-test-model:generateContent");
    assert.equal(r.headers["x-goog-api-key"], KEY);
    assert.ok(!r.path.includes(KEY), "the key is not in the URL");
    const sent = r.body.contents.map((c: any) => c.parts.map((p: any) => p.text).join("")).join("\n");
    assert.ok(sent.includes(TEXT), "the document text is in the prompt");
    assert.ok(sent.includes("inv-1042.pdf"));
    assert.equal(r.body.generationConfig.responseMimeType, "application/json");
    assert.equal(r.body.generationConfig.responseSchema.type, "object");
    assert.ok(r.body.generationConfig.responseSchema.properties.total);
    assert.ok(r.body.systemInstruction, "instructions are sent as the system instruction");
  });

  test("fields Gemini left empty are filled from the rules and say so", async () => {
    gemini.respond({ kind: "answer", json: validAnswer({ number: null, due_date: null, tax: null, line_items: [], summary: "" }) });
    const e = await run();
    assert.equal(e.extractor, "gemini");
    assert.equal(e.fields.number?.value, "1042");
    assert.equal(e.fields.number?.source, "rules");
    assert.equal(e.fields.due_date?.value, "2024-04-11");
    assert.equal(e.fields.tax?.value, 180);
    assert.equal(e.fields.tax?.source, "rules");
    assert.equal(e.fields.total?.source, "gemini");
    assert.equal(e.line_items_source, "rules");
    assert.equal(e.line_items[0].amount, 1000);
    assert.equal(e.summary_source, "rules");
    assert.match(e.summary, /Invoice 1042/);
  });

  test("malformed JSON falls back to the rules, saying why", async () => {
    gemini.respond({ kind: "text", text: '{"document_type": "invoice", "total": 11' });
    const e = await run();
    assert.equal(e.extractor, "rules");
    assert.match(e.fallback_reason!, /not JSON/);
    assert.equal(e.fields.total?.value, 1180);
    assert.equal(e.fields.total?.source, "rules");
  });

  test("an answer outside the schema falls back, naming the bad fields", async () => {
    gemini.respond({ kind: "answer", json: validAnswer({ total: "eleven hundred", issue_date: "12/03/2024", document_type: "bill" }) });
    const e = await run();
    assert.equal(e.extractor, "rules");
    assert.match(e.fallback_reason!, /does not fit the schema/);
    assert.match(e.fallback_reason!, /total/);
    assert.match(e.fallback_reason!, /issue_date/);
    assert.equal(e.fields.number?.value, "1042");
  });

  test("an impossible date is an invalid answer too", async () => {
    gemini.respond({ kind: "answer", json: validAnswer({ issue_date: "2024-02-30" }) });
    const e = await run();
    assert.equal(e.extractor, "rules");
    assert.match(e.fallback_reason!, /issue_date: is not a calendar date/);
  });

  test("HTTP 500 falls back with the status, and the key never appears in the reason", async () => {
    gemini.respond({ kind: "status", status: 500, message: `backend exploded for key ${KEY}` });
    const e = await run();
    assert.equal(e.extractor, "rules");
    assert.match(e.fallback_reason!, /HTTP 500/);
    assert.ok(!e.fallback_reason!.includes(KEY), e.fallback_reason);
    assert.ok(!JSON.stringify(e).includes(KEY));
  });

  test("a server that never answers times out and falls back", async () => {
    gemini.respond({ kind: "hang" });
    const started = Date.now();
    const e = await run({ timeoutMs: 300 });
    assert.equal(e.extractor, "rules");
    assert.match(e.fallback_reason!, /did not answer within 300 ms/);
    assert.ok(Date.now() - started < 5000);
    assert.equal(e.fields.total?.value, 1180);
  });

  test("an answer with nothing in it falls back", async () => {
    gemini.respond({ kind: "answer", json: {} });
    const e = await run();
    assert.equal(e.extractor, "rules");
    assert.match(e.fallback_reason!, /no fields/);
  });

  test("without a key Gemini is never called", async () => {
    const e = await extractDocument({ text: TEXT }, { geminiBaseUrl: gemini.url });
    assert.equal(e.extractor, "rules");
    assert.equal(e.fallback_reason, undefined);
    assert.equal(gemini.requests.length, 0);
  });
});

test("an unreachable Gemini falls back to the rules", async () => {
  const g = await startFakeGemini();
  const url = g.url;
  await g.close();
  const e = await extractDocument({ text: TEXT }, { geminiApiKey: KEY, geminiBaseUrl: url, timeoutMs: 5000 });
  assert.equal(e.extractor, "rules");
  assert.match(e.fallback_reason!, /Gemini request failed/);
  assert.ok(!e.fallback_reason!.includes(KEY));
});
