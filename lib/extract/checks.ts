// Consistency checks on an extraction. A failed check flags the document for review, except an
// advisory one: line items that miss the total say the rows were misread, not the invoice.
import type { Extraction, ExtractionCheck } from "./types";
import { formatMoney } from "./text";

/**
 * Line items summing to the subtotal (or to the total when there is no subtotal), and
 * subtotal + tax = total. Only the checks the extraction has the numbers for are returned.
 * Tolerance: a cent per line item (each line may be rounded), at least two cents.
 */
export function checkExtraction(e: Extraction): ExtractionCheck[] {
  const checks: ExtractionCheck[] = [];
  const f = e.fields;
  const cur = f.currency?.value;
  const money = (n: number) => formatMoney(round2(n), cur);

  const amounts = e.line_items.map((i) => i.amount).filter((a): a is number => typeof a === "number" && Number.isFinite(a));
  if (amounts.length > 0 && (f.subtotal || f.total)) {
    const sum = round2(amounts.reduce((a, b) => a + b, 0));
    const tolerance = Math.max(0.02, 0.01 * amounts.length);
    const target = f.subtotal ?? f.total!;
    const against = f.subtotal ? "subtotal" : "total";
    let ok = Math.abs(sum - target.value) <= tolerance;
    // No subtotal printed, VAT added on top: the items then sum to total - tax.
    if (!ok && !f.subtotal && f.tax && f.total) ok = Math.abs(sum + f.tax.value - f.total.value) <= tolerance;
    checks.push({
      name: "line_items_sum",
      ok,
      advisory: true,
      message: ok
        ? `${amounts.length} line item${amounts.length === 1 ? "" : "s"} sum to the ${against} (${money(sum)})`
        : `Line items sum to ${money(sum)} but the ${against} is ${money(target.value)} (off by ${money(sum - target.value)})`,
      values: { count: amounts.length, sum, against, target: target.value, currency: cur ?? null },
    });
  }

  if (f.subtotal && f.total) {
    const tax = f.tax?.value ?? 0;
    const expected = round2(f.subtotal.value + tax);
    const ok = Math.abs(expected - f.total.value) <= 0.02;
    checks.push({
      name: "subtotal_plus_tax",
      ok,
      message: ok
        ? `Subtotal ${money(f.subtotal.value)} + tax ${money(tax)} = total ${money(f.total.value)}`
        : `Subtotal ${money(f.subtotal.value)} + tax ${f.tax ? money(tax) : "(none found)"} = ${money(expected)}, but the total is ${money(f.total.value)}`,
      values: { subtotal: f.subtotal.value, tax: f.tax ? tax : null, expected, total: f.total.value, currency: cur ?? null },
    });
  }
  return checks;
}

const round2 = (n: number) => Math.round(n * 100) / 100;
