import { test } from "node:test";
import assert from "node:assert/strict";
import { GEMINI_CONFIDENCE, parseGeminiAnswer } from "@/lib/extract/gemini-answer";

const GERMAN = [
  "Müller Bürobedarf GmbH · USt-IdNr. DE123456789",
  "Rechnung",
  "Rechnungsnummer: RE-2024/0017        Rechnungsdatum: 12.03.2024",
  "Zahlbar bis: 11. April 2024",
  "Nettobetrag            1.000,00 €",
  "MwSt. 19 %               190,00 €",
  "Gesamtbetrag           1.190,00 €",
].join("\n");

const answer = (o: Record<string, unknown> = {}) =>
  JSON.stringify({ document_type: "invoice", vendor: "Müller Bürobedarf GmbH", number: "RE-2024/0017", issue_date: "2024-03-12", due_date: "2024-04-11", currency: "EUR", subtotal: 1000, tax: 190, total: 1190, line_items: [], summary: "Rechnung RE-2024/0017", ...o });

test("values printed on a German invoice (1.190,00, 12.03.2024) are seen on the document", () => {
  const e = parseGeminiAnswer(answer(), { text: GERMAN });
  for (const key of ["vendor", "number", "issue_date", "subtotal", "tax", "total"] as const) {
    assert.equal(e.fields[key]?.confidence, GEMINI_CONFIDENCE.seen, key);
    assert.equal(e.fields[key]?.source, "gemini", key);
  }
  // Normalised from words or symbols: believable, not verbatim.
  assert.equal(e.fields.currency?.confidence, GEMINI_CONFIDENCE.normalized);
  assert.equal(e.fields.document_type?.confidence, GEMINI_CONFIDENCE.normalized);
});

test("values the document does not carry are doubtful", () => {
  const e = parseGeminiAnswer(answer({ number: "99817", total: 1290, vendor: "Globex" }), { text: GERMAN });
  assert.equal(e.fields.number?.confidence, GEMINI_CONFIDENCE.unseen);
  assert.equal(e.fields.total?.confidence, GEMINI_CONFIDENCE.unseen);
  assert.equal(e.fields.vendor?.confidence, GEMINI_CONFIDENCE.unseen);
});

test("a vendor named only by the sender counts as seen", () => {
  const e = parseGeminiAnswer(answer({ vendor: "Globex Corporation" }), { text: GERMAN, sender: "Globex Billing <billing@globex.example>" });
  assert.equal(e.fields.vendor?.confidence, GEMINI_CONFIDENCE.seen);
});

test("a fenced answer is read, a label's # is dropped and a lower-case currency code is upper-cased", () => {
  const e = parseGeminiAnswer("```json\n" + answer({ number: "# RE-2024/0017", currency: "eur" }) + "\n```", { text: GERMAN });
  assert.equal(e.fields.number?.value, "RE-2024/0017");
  assert.equal(e.fields.currency?.value, "EUR");
});

test("an answer outside the schema names the fields at fault", () => {
  assert.throws(() => parseGeminiAnswer(answer({ currency: "euro", due_date: "2024-13-01" }), { text: GERMAN }), (err: Error) => /currency/.test(err.message) && /due_date/.test(err.message));
});
