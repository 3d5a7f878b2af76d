import { after, before, beforeEach, describe, test } from "node:test";
import assert from "node:assert/strict";
import { extractDocument } from "@/lib/extract/extract";
import { checkExtraction } from "@/lib/extract/checks";
import { startFakeGemini, validAnswer, type FakeGemini } from "../support/gemini";
import { waitFor } from "../support/wait";
import { GEMINI_CONFIDENCE } from "@/lib/extract/gemini-answer";

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
  const run = (opts: { timeoutMs?: number; model?: string; signal?: AbortSignal } = {}) => extractDocument({ text: TEXT, filename: "inv-1042.pdf", sender: "Acme Billing <billing@acme.test>" }, { geminiApiKey: KEY, geminiBaseUrl: gemini.url, ...opts });

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

  test("the request goes to the model's generateContent with the key header, the JSON response schema and the document text", async () => {
    await run({ model: "gemini-test-model", timeoutMs: 20_000 });
    assert.equal(gemini.requests.length, 1);
    const r = gemini.requests[0];
    assert.equal(r.method, "POST");
    assert.equal(r.path, "/v1beta/models/gemini-test-model:generateContent");
    assert.equal(r.model, "gemini-test-model");
    assert.equal(r.headers["x-goog-api-key"], KEY);
    assert.ok(!r.path.includes(KEY), "the key is not in the URL");
    assert.match(String(r.headers["x-goog-api-client"]), /google-genai-sdk\//, "sent by @google/genai");
    assert.equal(r.headers["x-server-timeout"], "20", "the server is told the timeout, in seconds");
    const sent = r.body.contents.map((c: any) => c.parts.map((p: any) => p.text).join("")).join("\n");
    assert.ok(sent.includes(TEXT), "the document text is in the prompt");
    assert.ok(sent.includes("inv-1042.pdf"));
    const config = r.body.generationConfig;
    assert.equal(config.responseMimeType, "application/json");
    assert.equal(config.temperature, 0);
    assert.equal(config.responseSchema, undefined, "one kind of schema only");
    assert.equal(config.responseJsonSchema.type, "object");
    const fields = ["document_type", "vendor", "number", "issue_date", "due_date", "currency", "subtotal", "tax", "total", "line_items", "summary"];
    assert.deepEqual(Object.keys(config.responseJsonSchema.properties).sort(), [...fields].sort());
    assert.deepEqual([...config.responseJsonSchema.required].sort(), [...fields].sort());
    assert.deepEqual(config.responseJsonSchema.properties.total.type, ["number", "null"]);
    assert.equal(config.responseJsonSchema.properties.line_items.items.properties.amount.type[0], "number");
    const instructions = r.body.systemInstruction.parts.map((p: any) => p.text).join("");
    assert.match(instructions, /ISO 8601/);
    assert.match(instructions, /ISO 4217/);
    assert.match(instructions, /Rechnungsnummer/, "labels in other languages are named");
  });

  test("what the email says about the document goes with it: arrival date and the company's currency", async () => {
    await extractDocument({ text: TEXT, receivedAt: new Date("2024-03-13T08:00:00Z"), defaultCurrency: "ILS" }, { geminiApiKey: KEY, geminiBaseUrl: gemini.url });
    const sent = gemini.requests[0].body.contents[0].parts[0].text;
    assert.match(sent, /Email received: 2024-03-13/);
    assert.match(sent, /Company's currency: ILS/);
  });

  test("confidence follows the evidence: values printed on the document rank above values not found on it", async () => {
    gemini.respond({ kind: "answer", json: validAnswer({ number: "77-ZZ", currency: "usd", line_items: [] }) });
    const e = await run();
    assert.equal(e.extractor, "gemini");
    assert.equal(e.fields.currency?.value, "USD", "a lower-case code is still a code");
    assert.equal(e.fields.number?.value, "77-ZZ");
    assert.equal(e.fields.number?.source, "gemini");
    assert.equal(e.fields.number?.confidence, GEMINI_CONFIDENCE.unseen, "a number not on the document is doubtful");
    assert.ok(e.fields.vendor!.confidence >= GEMINI_CONFIDENCE.seen);
    assert.ok(e.fields.total!.confidence >= 0.95, "printed and agreed by the rules");
    for (const f of Object.values(e.fields)) assert.ok(f.confidence > 0 && f.confidence <= 1, JSON.stringify(f));
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

  test("a refused request (HTTP 400) is reported once, not retried", async () => {
    gemini.respond({ kind: "status", status: 400, message: "Invalid JSON payload received." });
    const e = await run();
    assert.equal(e.extractor, "rules");
    assert.equal(e.fallback_reason, "Gemini answered HTTP 400: Invalid JSON payload received.");
    assert.equal(gemini.requests.length, 1);
  });

  test("a blocked prompt falls back, naming the block reason", async () => {
    gemini.respond({ kind: "blocked", reason: "PROHIBITED_CONTENT" });
    const e = await run();
    assert.equal(e.extractor, "rules");
    assert.match(e.fallback_reason!, /blocked the request \(PROHIBITED_CONTENT\)/);
    assert.equal(e.fields.total?.value, 1180);
  });

  test("the caller's abort ends the request and falls back as cancelled", async () => {
    gemini.respond({ kind: "hang" });
    const controller = new AbortController();
    const pending = run({ signal: controller.signal, timeoutMs: 60_000 });
    await waitFor("the request reaches Gemini", async () => gemini.requests.length === 1);
    controller.abort();
    const e = await pending;
    assert.equal(e.extractor, "rules");
    assert.equal(e.fallback_reason, "the Gemini request was cancelled");
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
