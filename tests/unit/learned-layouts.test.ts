import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { apply, learn, textShape } from "@/lib/extract/learned/layout";
import { registrationNumbers, senderDomain, vendorKeys, vendorName } from "@/lib/extract/learned/vendor";
import type { LearnableField } from "@/lib/extract/learned/types";

/** Learns `value` for `field` on `first`, then reads `next` with what was learned. */
const carry = (first: string, value: string | number, field: LearnableField, next: string) => {
  const layout = learn(first, value, field);
  assert.ok(layout, `nothing learned for ${field} = ${value}`);
  return apply(next, layout)?.value;
};

describe("learned layouts: label beside the value", () => {
  const first = ["Nordlicht Versand GmbH", "Belegschlüssel: NV-2024/0117      Kundennr. 55120", "Datum 14.03.2024", "Endbetrag EUR 1.190,00"].join("\n");
  const next = ["Nordlicht Versand GmbH", "", "Belegschlüssel: NV-2024/0342      Kundennr. 55120", "Datum 02.05.2024", "Endbetrag EUR 2.380,50"].join("\n");

  test("an invoice number is read after the label it was found beside, with the same shape", () => {
    const layout = learn(first, "NV-2024/0117", "number");
    assert.equal(layout?.relation, "after");
    assert.equal(layout?.label, "belegschlüssel");
    assert.equal(apply(next, layout!)?.value, "NV-2024/0342");
    assert.equal(apply(next, layout!)?.confidence, 0.97);
  });

  test("a date keeps its way of writing (day first here) and an amount its decimal comma", () => {
    assert.equal(carry(first, "2024-03-14", "issue_date", next), "2024-05-02");
    assert.equal(carry(first, 1190, "total", next), 2380.5);
  });

  test("a colon standing apart and a number sign are separators, not the label", () => {
    assert.equal(carry("Ref code  :  AB-77123\nTotal 5.00", "AB-77123", "number", "Ref code  :  AB-77999\nTotal 9.00"), "AB-77999");
    assert.equal(carry("Ref code # 4471\n", "4471", "number", "x\nRef code # 4502\n"), "4502");
  });

  test("the nearest label to the learned place wins when the label repeats", () => {
    const twice = ["Reference RX-1001", "", "", "", "", "", "", "", "", "Reference RX-1002"].join("\n");
    const layout = learn(twice, "RX-1002", "number");
    assert.equal(apply(["Reference RX-2001", "", "", "", "", "", "", "", "", "Reference RX-2002"].join("\n"), layout!)?.value, "RX-2002");
  });
});

describe("learned layouts: a label inside a longer one", () => {
  test("'Date' is read at Date, not at 'Due date' nearer where it was", () => {
    const first = ["Kiosk am Markt", "", "Date: 14/03/2024", "", "", "", "", "Total 5.00"].join("\n");
    const next = ["Kiosk am Markt", "", "Due date: 30/05/2024", "", "", "", "Date: 02/05/2024", "Total 5.00"].join("\n");
    assert.equal(carry(first, "2024-03-14", "issue_date", next), "2024-05-02");
  });
});

describe("learned layouts: label above the value", () => {
  const header = (no: string, date: string) =>
    ["ACME TRADING LTD", "", "Doc. Ident           Issued on          Terms", `${no.padEnd(21)}${date.padEnd(19)}30 days`, "", "Amount payable", "         $1,045.20"].join("\n");

  test("a number under its column heading is read under that heading", () => {
    const layout = learn(header("VX2004417765", "03/14/2024"), "VX2004417765", "number");
    assert.equal(layout?.relation, "below");
    assert.equal(layout?.label, "doc ident");
    assert.equal(apply(header("VX2004418120", "04/02/2024"), layout!)?.value, "VX2004418120");
  });

  test("a month-first date under its heading stays month first", () => {
    assert.equal(carry(header("VX2004417765", "03/04/2024"), "2024-03-04", "issue_date", header("VX2004418120", "05/06/2024")), "2024-05-06");
  });

  test("a heading row that holds numbers is no label", () => {
    const table = ["Qty   Price", "2     17.50", "3     9.99"].join("\n");
    assert.notEqual(learn(table, 9.99, "total")?.relation, "below");
  });
});

describe("learned layouts: Hebrew", () => {
  test("a label before the value in logical order", () => {
    const first = ["חברת הגליל בע\"מ", "מספר הקצאה: 40017", "לתשלום: 1,170.00 ש\"ח"].join("\n");
    const next = ["חברת הגליל בע\"מ", "מספר הקצאה: 40533", "לתשלום: 585.00 ש\"ח"].join("\n");
    assert.equal(carry(first, "40017", "number", next), "40533");
    assert.equal(carry(first, 1170, "total", next), 585);
  });

  test("right-to-left text laid out as seen: the label after the value", () => {
    const first = ["מ\"עב ליגלה תרבח", "40017 :הקצאה מספר", "12/03/2024 :הפקה תאריך"].join("\n");
    const next = ["מ\"עב ליגלה תרבח", "40533 :הקצאה מספר", "01/05/2024 :הפקה תאריך"].join("\n");
    const layout = learn(first, "40017", "number");
    assert.equal(layout?.relation, "before");
    assert.equal(apply(next, layout!)?.value, "40533");
    assert.equal(carry(first, "2024-03-12", "issue_date", next), "2024-05-01");
  });
});

describe("learned layouts: what is not learned or not taken", () => {
  test("a value the text does not show learns nothing", () => {
    assert.equal(learn("Invoice 123\nTotal 10.00", "INV-999", "number"), undefined);
    assert.equal(learn("Invoice 123\nTotal 10.00", 11, "total"), undefined);
    assert.equal(learn("Invoice 123\nDate 01/02/2024", "2024-03-05", "issue_date"), undefined);
    assert.equal(learn("Invoice 123", "Someone Else", "vendor"), undefined);
  });

  test("a label that is only punctuation is no label: the value is kept by place", () => {
    const layout = learn("ACME\n\n#  ::  4471\n", "4471", "number");
    assert.equal(layout?.relation, "position");
    assert.equal(layout?.label, undefined);
    assert.equal(apply("ACME\n\n#  ::  4502\n", layout!)?.value, "4502");
    assert.equal(apply("ACME\n\n#  ::  4502\n", layout!)?.confidence, 0.85);
  });

  test("a value of another shape after the label is not taken", () => {
    const layout = learn("Belegschlüssel: NV-2024/0117\n", "NV-2024/0117", "number")!;
    assert.equal(apply("Belegschlüssel: 8812\n", layout), undefined);
    assert.equal(apply("Belegschlüssel: Kopie NV-2024/0118\n", layout), undefined, "a word between label and value is not a separator");
    const date = learn("Datum 14.03.2024\n", "2024-03-14", "issue_date")!;
    assert.equal(apply("Datum 14 March 2024\n", date), undefined, "a date written in words is another shape");
  });

  test("no label on the next document: nothing", () => {
    const layout = learn("Belegschlüssel: NV-2024/0117\n", "NV-2024/0117", "number")!;
    assert.equal(apply("Invoice NV-2024/0118\n", layout), undefined);
  });

  test("text shapes keep letter runs and let digit runs grow by one", () => {
    assert.equal(textShape("INV-2024/0017"), "\\p{L}{3}-\\d{3,5}\\/\\d{3,5}");
    assert.match("INV-2024/10017", new RegExp(`^${textShape("INV-2024/0017")}$`, "u"));
    assert.doesNotMatch("IN-2024/0017", new RegExp(`^${textShape("INV-2024/0017")}$`, "u"));
  });

  test("a vendor's name is learned only as written in the text, and found again however it is cased", () => {
    assert.equal(carry("NORDLICHT VERSAND GMBH\nRechnung", "Nordlicht Versand GmbH", "vendor", "Nordlicht  Versand GmbH\nRechnung 2"), "Nordlicht Versand GmbH");
  });
});

describe("vendor identity", () => {
  test("registration numbers beside their labels, in several countries' forms", () => {
    assert.deepEqual(registrationNumbers("Nordlicht GmbH\nUSt-IdNr.: DE 123 456 789"), ["DE123456789"]);
    assert.deepEqual(registrationNumbers("VAT Reg. No: GB 123 4567 89"), ["GB123456789"]);
    assert.deepEqual(registrationNumbers("BTW-nr NL8531.23.456.B01"), ["NL853123456B01"]);
    assert.deepEqual(registrationNumbers('חברת הגליל בע"מ ח.פ. 514713288'), ["514713288"]);
    assert.deepEqual(registrationNumbers("514713288 :ע.מ"), ["514713288"]);
    assert.deepEqual(registrationNumbers("VAT 17%  1,234.00\nTotal 10.00"), []);
  });

  test("the customer's number under 'Bill to' is not the vendor's", () => {
    const text = ["Nordlicht GmbH                 Bill to:", "VAT DE123456789                Foo BV", "                               VAT NL853123456B01"].join("\n");
    assert.deepEqual(registrationNumbers(text), ["DE123456789"]);
    assert.deepEqual(registrationNumbers("Customer service +49 40 1234\nVAT DE123456789"), ["DE123456789"], "a service line is no customer block");
  });

  test("sender domains: the organisation's, never free mail or the company's own", () => {
    assert.equal(senderDomain("Billing <billing@mail.acme.co.uk>"), "acme.co.uk");
    assert.equal(senderDomain("someone@gmail.com"), undefined);
    assert.equal(senderDomain("x@hotmail.fr"), undefined);
    assert.equal(senderDomain("Anna <anna@ourco.com>", "inbox@ourco.com"), undefined);
  });

  test("keys come strongest first, and names drop their legal form", () => {
    assert.equal(vendorName("ACME Trading Ltd."), "acme trading");
    assert.equal(vendorName('חברת הגליל בע"מ'), "חברת הגליל");
    assert.equal(vendorName("FACTUUR"), undefined, "a heading read as the vendor is no vendor");
    assert.equal(vendorName("Kopie factuur"), undefined);
    assert.deepEqual(vendorKeys({ text: "VAT: DE123456789", sender: "a@acme.de", vendor: "Acme GmbH" }), ["reg:DE123456789", "domain:acme.de", "name:acme"]);
  });
});
