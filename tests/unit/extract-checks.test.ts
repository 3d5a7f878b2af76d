import { test } from "node:test";
import assert from "node:assert/strict";
import { checkExtraction } from "@/lib/extract/checks";
import { extractWithRules } from "@/lib/extract/rules";
import type { Extraction, LineItem } from "@/lib/extract/types";

const fv = <T>(value: T) => ({ value, confidence: 0.9, source: "rules" as const });
const item = (amount: number): LineItem => ({ description: "x", quantity: null, unit_price: null, amount });
const doc = (f: { subtotal?: number; tax?: number; total?: number; currency?: string }, items: LineItem[] = []): Extraction => ({
  fields: {
    ...(f.subtotal !== undefined && { subtotal: fv(f.subtotal) }),
    ...(f.tax !== undefined && { tax: fv(f.tax) }),
    ...(f.total !== undefined && { total: fv(f.total) }),
    ...(f.currency && { currency: fv(f.currency) }),
  },
  line_items: items,
  summary: "",
});
const byName = (e: Extraction) => Object.fromEntries(checkExtraction(e).map((c) => [c.name, c.ok]));

test("consistent amounts pass both checks", () => {
  assert.deepEqual(byName(doc({ subtotal: 1000, tax: 180, total: 1180 }, [item(800), item(200)])), { line_items_sum: true, subtotal_plus_tax: true });
});

test("line items that do not add up to the subtotal fail, with the difference in the message", () => {
  const [c] = checkExtraction(doc({ subtotal: 1000, tax: 180, total: 1180, currency: "USD" }, [item(800), item(150)]));
  assert.equal(c.name, "line_items_sum");
  assert.equal(c.ok, false);
  assert.match(c.message, /\$950\.00.*\$1,000\.00.*-\$50\.00/);
});

test("without a subtotal the line items are compared with the total", () => {
  assert.equal(byName(doc({ total: 8.4 }, [item(4.2), item(2.6), item(1.6)])).line_items_sum, true);
  assert.equal(byName(doc({ total: 9 }, [item(4.2), item(2.6), item(1.6)])).line_items_sum, false);
});

test("without a subtotal but with VAT added on top, items + tax = total passes", () => {
  assert.equal(byName(doc({ tax: 170, total: 1170 }, [item(1000)])).line_items_sum, true);
});

test("subtotal + tax must equal the total within two cents", () => {
  assert.equal(byName(doc({ subtotal: 8228, tax: 1398.76, total: 9626.77 })).subtotal_plus_tax, true);
  assert.equal(byName(doc({ subtotal: 8228, tax: 1398.76, total: 9636.76 })).subtotal_plus_tax, false);
});

test("a subtotal and a total with no tax found: they must be equal", () => {
  assert.equal(byName(doc({ subtotal: 3000, total: 3000 })).subtotal_plus_tax, true);
  const c = checkExtraction(doc({ subtotal: 3000, total: 3510 })).find((x) => x.name === "subtotal_plus_tax")!;
  assert.equal(c.ok, false);
  assert.match(c.message, /none found/);
});

test("credit notes (negative amounts) check the same way", () => {
  assert.deepEqual(byName(doc({ subtotal: -87, tax: -17.4, total: -104.4 }, [item(-75), item(-12)])), { line_items_sum: true, subtotal_plus_tax: true });
});

test("rounding on each line is tolerated: a cent per line", () => {
  assert.equal(byName(doc({ subtotal: 100 }, [item(33.33), item(33.33), item(33.33)])).line_items_sum, true);
});

test("nothing to compare gives no checks", () => {
  assert.deepEqual(checkExtraction(doc({ total: 5 })), []);
  assert.deepEqual(checkExtraction(doc({}, [item(5)])), []);
});

test("checks run on what the rules extract from a real-looking invoice", () => {
  const e = extractWithRules({
    text: "Acme Ltd  INVOICE\nInvoice No: 7\nDate: 01/02/2024\nDescription   Qty   Price   Amount\nWidget   2   $10.00   $20.00\nGadget   1   $5.00   $5.00\nSubtotal  $25.00\nVAT 17%  $4.25\nTotal  $29.25",
  });
  assert.deepEqual(byName(e), { line_items_sum: true, subtotal_plus_tax: true });
});

test("line items that miss the total are an advisory check: the rows are doubtful, the document is not flagged for review", async () => {
  const { reviewReasons } = await import("@/lib/documents/review-reasons");
  const { reviewList } = await import("@/components/extraction");
  const e = doc({ subtotal: 1000, tax: 180, total: 1180 }, [item(700), item(150)]);
  const checks = checkExtraction(e);
  const sum = checks.find((c) => c.name === "line_items_sum")!;
  assert.equal(sum.ok, false);
  assert.equal(sum.advisory, true);
  assert.deepEqual(reviewReasons(e, checks), []);
  assert.deepEqual(reviewList([], checks), []);
  // A failing check that is not advisory still flags the document.
  const wrong = doc({ subtotal: 1000, tax: 180, total: 1280 }, [item(700), item(150)]);
  const reasons = reviewReasons(wrong, checkExtraction(wrong));
  assert.equal(reasons.length, 1);
  assert.match(reasons[0], /Subtotal/);
});
