import { test, describe } from "node:test";
import assert from "node:assert/strict";
import { extractWithRules } from "@/lib/extract/rules";
import { vendorFromSender } from "@/lib/extract/vendor";
import { findDates, findMoney, fixOcrDigits, normalizeText, parseNumber } from "@/lib/extract/text";

const rules = (text: string, extra: { sender?: string } = {}) => extractWithRules({ text, ...extra });
const v = (text: string, extra: { sender?: string } = {}) => {
  const f = rules(text, extra).fields;
  return Object.fromEntries(Object.entries(f).map(([k, x]) => [k, x?.value]));
};

describe("amounts", () => {
  test("both thousands conventions read the same number", () => {
    assert.equal(parseNumber("1,234.56"), 1234.56);
    assert.equal(parseNumber("1.234,56"), 1234.56);
    assert.equal(parseNumber("1.234.567,8"), 1234567.8);
    assert.equal(parseNumber("96,00"), 96);
    assert.equal(parseNumber("1,234"), 1234);
    assert.equal(parseNumber("1.234", true), 1234);
    assert.equal(parseNumber("1.499"), 1.499);
  });

  test("currency markers before or after, codes and the shekel sign are attached to the amount", () => {
    const got = (s: string) => findMoney(s).map((m) => [m.value, m.currency ?? null]);
    assert.deepEqual(got("Total $1,180.00"), [[1180, "USD"]]);
    assert.deepEqual(got("סה״כ 1,180.00 ₪"), [[1180, "ILS"]]);
    assert.deepEqual(got("סה״כ ₪1,180.00"), [[1180, "ILS"]]);
    assert.deepEqual(got('900.00ש"ח'), [[900, "ILS"]]);
    assert.deepEqual(findMoney("EUR 2.450,00", true).map((m) => [m.value, m.currency]), [[2450, "EUR"]]);
    assert.deepEqual(got("Amount due: USD 450.00"), [[450, "USD"]]);
    assert.deepEqual(got("£62.80"), [[62.8, "GBP"]]);
  });

  test("credits: a leading minus, a trailing minus (right-to-left) and parentheses are negative", () => {
    assert.deepEqual(findMoney("Total credit -£104.40").map((m) => m.value), [-104.4]);
    assert.deepEqual(findMoney("₪321.75-   סה\"כ").map((m) => m.value), [-321.75]);
    assert.deepEqual(findMoney("Balance (250.00)").map((m) => m.value), [-250]);
  });

  test("percentages, phone numbers, times and dates are not amounts", () => {
    assert.deepEqual(findMoney("VAT (18%) $180.00").map((m) => m.value), [180]);
    assert.deepEqual(findMoney("Tel +972-3-555-0142"), []);
    assert.deepEqual(findMoney("(512) 555-0199"), []);
    assert.deepEqual(findMoney("Date: 12/03/2024 14:32"), []);
    assert.deepEqual(findMoney("Invoice date: 05.02.2024"), []);
  });

  test("OCR look-alikes inside numbers are read as digits", () => {
    assert.equal(fixOcrDigits("Total $1,2O0.0O"), "Total $1,200.00");
    assert.equal(fixOcrDigits("Date: l2/03/2O24"), "Date: 12/03/2024");
    assert.equal(fixOcrDigits("Oxford OX1 4AA"), "Oxford OX1 4AA");
  });
});

describe("dates", () => {
  test("day first by default, month first when the document is American", () => {
    assert.equal(v("Invoice\nDate: 03/04/2024\nTotal 10.00 EUR").issue_date, "2024-04-03");
    assert.equal(v("Acme Inc.\nSpringfield, IL 62701\nInvoice\nDate: 03/04/2024\nSales Tax 1.00\nTotal $11.00").issue_date, "2024-03-04");
  });

  test("a date that can only be read one way decides for the ambiguous ones", () => {
    const f = v("Invoice\nDate: 03/04/2024\nDue Date: 04/18/2024\nTotal 10.00");
    assert.equal(f.issue_date, "2024-03-04");
    assert.equal(f.due_date, "2024-04-18");
  });

  test("ISO, dots, dashes, two-digit years, written months in English and Hebrew", () => {
    const iso = (s: string) => findDates(s).map((d) => d.iso ?? `${d.a}/${d.b}/${d.year}`);
    assert.deepEqual(iso("2024-03-12"), ["2024-03-12"]);
    assert.deepEqual(iso("12 March 2024"), ["2024-03-12"]);
    assert.deepEqual(iso("March 12, 2024"), ["2024-03-12"]);
    assert.deepEqual(iso("12-Mar-2024"), ["2024-03-12"]);
    assert.deepEqual(iso("Sat 09 Mar 2024 08:14"), ["2024-03-09"]);
    assert.deepEqual(iso("12 במרץ 2024"), ["2024-03-12"]);
    assert.equal(v("קבלה\nתאריך: 14/02/24\nסה\"כ 68.00").issue_date, "2024-02-14");
    assert.equal(v("Invoice\nDate: 12.03.2024\nTotal 5.00").issue_date, "2024-03-12");
    assert.equal(v("Invoice\nDate: 28-03-2024\nTotal 5.00").issue_date, "2024-03-28");
  });

  test("a due date is not taken for the issue date, and validity dates are neither", () => {
    const f = v("QUOTATION\nQuote No: Q-7\nThis quotation is valid until 14/08/2024.\nDate: 15/07/2024\nTotal £10.00");
    assert.equal(f.issue_date, "2024-07-15");
    assert.equal(f.due_date, undefined);
  });

  test("dates under their labels, in columns or single-spaced", () => {
    const cols = v("Invoice number           Date of issue      Date due\nINV-2024-0042            February 5, 2024   March 6, 2024\nTotal $3,000.00");
    assert.deepEqual([cols.number, cols.issue_date, cols.due_date], ["INV-2024-0042", "2024-02-05", "2024-03-06"]);
    const ocr = v("Invoice number Date of issue Date due\n88120 December 1, 2024 December 15, 2024\nTotal $500.00");
    assert.deepEqual([ocr.number, ocr.issue_date, ocr.due_date], ["88120", "2024-12-01", "2024-12-15"]);
  });
});

describe("English invoices", () => {
  const invoice = [
    "Acme Ltd                                   INVOICE",
    "1 Main Street, London N1 9GU",
    "",
    "Bill To:                          Invoice #:   1042",
    "Globex Corporation                Date:        12/03/2024",
    "42 Side Road                      Due Date:    11/04/2024",
    "",
    "Description                 Qty     Unit Price       Amount",
    "Consulting hours             8        $100.00      $800.00",
    "Travel                       1        $200.00      $200.00",
    "",
    "                            Subtotal               $1,000.00",
    "                            VAT 18%                  $180.00",
    "                            Total                  $1,180.00",
  ].join("\n");

  test("reads every field of a classic invoice", () => {
    const e = rules(invoice);
    const f = v(invoice);
    assert.deepEqual(f, {
      issue_date: "2024-03-12",
      due_date: "2024-04-11",
      number: "1042",
      total: 1180,
      subtotal: 1000,
      tax: 180,
      currency: "USD",
      document_type: "invoice",
      vendor: "Acme Ltd",
    });
    assert.deepEqual(e.line_items, [
      { description: "Consulting hours", quantity: 8, unit_price: 100, amount: 800 },
      { description: "Travel", quantity: 1, unit_price: 200, amount: 200 },
    ]);
    assert.equal(e.summary, "Invoice 1042 from Acme Ltd dated 2024-03-12 for $1,180.00 (VAT $180.00). 2 line items, due 2024-04-11.");
  });

  test("every field says it came from the rules, with a confidence between 0 and 1", () => {
    for (const fv of Object.values(rules(invoice).fields)) {
      assert.equal(fv!.source, "rules");
      assert.ok(fv!.confidence > 0 && fv!.confidence <= 1);
    }
  });

  test("the customer under Bill To is never the vendor", () => {
    const f = v("INVOICE\nBill To:\nGlobex Corporation Ltd\n\nFrom:\nInitech LLC\nTotal 5.00");
    assert.equal(f.vendor, "Initech LLC");
  });

  test("Amount due / Balance due / Grand Total are totals; Subtotal is not", () => {
    assert.equal(v("Invoice 7\nSubtotal 100.00\nTax 10.00\nAmount Due 110.00").total, 110);
    assert.equal(v("Invoice 7\nSub-total 100.00\nGrand Total 110.00").total, 110);
    assert.equal(v("Invoice 7\nSubtotal 100.00\nBalance due: $110.00").total, 110);
  });

  test("EU number format and euro after the amount", () => {
    const f = v("Brightline GmbH\nInvoice no. 2024-0187\nInvoice date: 05.02.2024\nNet amount 2.148,00 €\nVAT 19% 408,12 €\nTotal amount 2.556,12 €");
    assert.deepEqual([f.subtotal, f.tax, f.total, f.currency, f.number, f.issue_date], [2148, 408.12, 2556.12, "EUR", "2024-0187", "2024-02-05"]);
  });

  test("a credit note has negative amounts", () => {
    const f = v("Greenleaf Ltd   CREDIT NOTE\nCredit Note No: CN-0042\nAgainst invoice 30117 of 02/05/2024.\nDate: 21/05/2024\nSubtotal -£87.00\nVAT 20% -£17.40\nTotal credit -£104.40");
    assert.deepEqual([f.number, f.issue_date, f.total, f.tax, f.document_type], ["CN-0042", "2024-05-21", -104.4, -17.4, "invoice"]);
  });

  test("a receipt without a number: no number is made up, and cash given is not the total", () => {
    const f = v("Sunrise Bakery\n12 High Street\nSat 09 Mar 2024 08:14\nSourdough loaf  £4.20\nCinnamon bun  £1.60\nTotal  £5.80\nCash  £10.00\nChange  £4.20");
    assert.deepEqual([f.document_type, f.number, f.total, f.vendor, f.issue_date], ["receipt", undefined, 5.8, "Sunrise Bakery", "2024-03-09"]);
  });

  test("'due on receipt' does not make an invoice a receipt; a quotation is 'other'", () => {
    assert.equal(v("Pixel Studio\nInvoice #: PF-1\nDue on receipt.\nTotal $10.00").document_type, "invoice");
    assert.equal(v("Oak Ltd   QUOTATION\nQuote No: Q-1\nTotal £10.00").document_type, "other");
  });

  test("document numbers after labels, not PO, VAT or company numbers", () => {
    const f = v("Northwind Inc.\nVAT Reg No: GB 123 4567 89\nP.O. #  PO-77120\nCompany No. 514623987\nInvoice No.   7730\nTotal $5.00");
    assert.equal(f.number, "7730");
    assert.equal(v("Dear customer,\nThis is invoice 2024-118 dated 2024-04-03.\nAmount due: USD 450.00").number, "2024-118");
  });

  test("OCR noise: look-alike letters, stray debris between label and value", () => {
    const f = v("Acme Supp1ies Ltd INVOICE\nlnvoice No: : 1O57\nDate ; 28/O3/2024\nSubt0tal $152.50\nVAT (17%) $25.93\n_ T0tal $178.43 a");
    assert.deepEqual([f.number, f.issue_date, f.subtotal, f.tax, f.total], ["1057", "2024-03-28", 152.5, 25.93, 178.43]);
  });

  test("without a name in the text, the sender's display name or domain is the vendor", () => {
    assert.equal(v("Total: 50.00", { sender: "Acme Billing <billing@acme.com>" }).vendor, "Acme");
    assert.equal(v("Total: 50.00", { sender: "invoices@globex-corp.co.uk" }).vendor, "Globex-corp");
    assert.equal(vendorFromSender("someone@gmail.com"), undefined);
  });

  test("a total missing but subtotal and tax present: the total is their sum, with less confidence", () => {
    const e = rules("Invoice 12\nSubtotal 100.00\nVAT 17.00");
    assert.equal(e.fields.total?.value, 117);
    assert.ok(e.fields.total!.confidence < 0.9);
  });
});

describe("Hebrew invoices", () => {
  test("reads a Hebrew tax invoice in logical order (OCR)", () => {
    const f = v(['חשבונית מס 4521', 'ספק: חברת הדפוס בע"מ', "תאריך: 12/05/2024", "נייר הדפסה 120.00", 'סה"כ לפני מע"מ: 120.00', 'מע"מ 17%: 20.40', 'סה"כ לתשלום: 140.40 ₪'].join("\n"));
    assert.deepEqual(f, {
      issue_date: "2024-05-12",
      number: "4521",
      total: 140.4,
      subtotal: 120,
      tax: 20.4,
      currency: "ILS",
      document_type: "invoice",
      vendor: 'חברת הדפוס בע"מ',
    });
  });

  test("reads a right-to-left text layer: values left of their labels, bidi marks, gershayim", () => {
    const text = [
      "\u202bתאריך\u202a12/03/2024 :\u202c\u202c",
      '                                 \u202bטכנו-פלוס בע״מ\u202c',
      "                   \u202bחשבונית מס מס׳ \u202a20451\u202c\u202c",
      "  \u202bסה״כ\u202c        \u202bמחיר ליחידה\u202c     \u202bכמות\u202c              \u202bתיאור\u202c    \u202b#\u202c",
      "  \u202b\u202a7,700.00 ₪\u202c\u202c   \u202b\u202a3,850.00 ₪\u202c\u202c    \u202b\u202a2\u202c\u202c       \u202bמחשב נייד\u202c      \u202b\u202a1\u202c\u202c",
      "  \u202b\u202a8,228.00 ₪\u202c       סה״כ לפני מע״מ\u202c",
      "  \u202b\u202a1,398.76 ₪\u202c           מע״מ \u202a17%\u202c\u202c",
      "  \u202b\u202a9,626.76 ₪\u202c        סה״כ לתשלום\u202c",
    ].join("\n");
    const e = rules(text);
    const f = v(text);
    assert.deepEqual([f.number, f.issue_date, f.subtotal, f.tax, f.total, f.vendor, f.currency], ["20451", "2024-03-12", 8228, 1398.76, 9626.76, 'טכנו-פלוס בע"מ', "ILS"]);
    assert.deepEqual(e.line_items, [{ description: "מחשב נייד", quantity: 2, unit_price: 3850, amount: 7700 }]);
  });

  test('a receipt (קבלה) with VAT included and ש"ח after the amounts', () => {
    const f = v(['קפה נחת', "קבלה מס' 10982", "תאריך: 14/02/2024", 'הפוך גדול 16.00 ש"ח', 'סה"כ 68.00 ש"ח', 'מע"מ כלול 17% 9.88 ש"ח'].join("\n"));
    assert.deepEqual([f.document_type, f.number, f.total, f.tax, f.currency, f.vendor], ["receipt", "10982", 68, 9.88, "ILS", "קפה נחת"]);
  });

  test('"חשבונית מס / קבלה" is an invoice; a quote (הצעת מחיר) is other; a credit invoice is negative', () => {
    assert.equal(v("חשבונית מס / קבלה מס' 3307\nסה\"כ לתשלום 10.00 ₪").document_type, "invoice");
    assert.equal(v("הצעת מחיר מס' 207\nסה\"כ 10.00 ₪").document_type, "other");
    const credit = v("חשבונית זיכוי מס' 512\nזיכוי בגין חשבונית מס 498\n₪275.00-     סה\"כ לפני מע\"מ\n₪46.75-   מע\"מ 17%\n₪321.75-    סה\"כ לתשלום");
    assert.deepEqual([credit.number, credit.total, credit.subtotal], ["512", -321.75, -275]);
  });

  test("due date (לתשלום עד) is not the issue date, and 'לתשלום' alone is not a date label", () => {
    const f = v("חשבונית מס 1\nתאריך: 01/04/2024\nלתשלום עד: 01/05/2024\nסה\"כ לתשלום ₪ 4,194.45");
    assert.deepEqual([f.issue_date, f.due_date, f.total], ["2024-04-01", "2024-05-01", 4194.45]);
  });

  test('line items of a Hebrew text layer: ש"ח after each amount, a model name with digits', () => {
    const text = ["פריט כמות מחיר סכום", 'כרטיסי ביקור 5 180.00 ש"ח 900.00 ש"ח', 'פלאיירים A5 2000 0.45 ש"ח 900.00 ש"ח', 'סכום ביניים 1,800.00 ש"ח'].join("\n");
    assert.deepEqual(extractWithRules({ text }).line_items, [
      { description: "כרטיסי ביקור", quantity: 5, unit_price: 180, amount: 900 },
      { description: "פלאיירים A5", quantity: 2000, unit_price: 0.45, amount: 900 },
    ]);
  });

  test("a shekel amount with the sign before it and a receipt with no number", () => {
    const f = v("סופר כרמל\nח.פ. 514455667\nקבלה\nתאריך: 27/12/2024 11:02\nסה\"כ ₪ 80.80\nשולם באשראי ₪ 80.80");
    assert.deepEqual([f.number, f.total, f.document_type, f.vendor], [undefined, 80.8, "receipt", "סופר כרמל"]);
  });
});

describe("robustness", () => {
  test("empty and label-only texts give no fields but still a summary", () => {
    const e = rules("");
    assert.equal(e.fields.total, undefined);
    assert.equal(typeof e.summary, "string");
    assert.equal(rules("Total\nInvoice No\nDate").fields.number, undefined);
  });

  test("a huge or hostile text finishes quickly", () => {
    const noise = Array.from({ length: 20000 }, (_, i) => `${"a ".repeat(i % 50)}Total ${i}.00 $ € ₪ 12/12/2024 ${"- ".repeat(40)} Inv No ${"x".repeat(300)}`).join("\n");
    const t = Date.now();
    extractWithRules({ text: noise });
    extractWithRules({ text: "1".repeat(500_000) });
    extractWithRules({ text: "Total " + "1,".repeat(100_000) });
    assert.ok(Date.now() - t < 5000, `took ${Date.now() - t} ms`);
  });

  test("normalizes bidi controls and Hebrew punctuation", () => {
    assert.equal(normalizeText("\u202bסה״כ\u202c\u00a0מע׳"), 'סה"כ מע\'');
  });
});
