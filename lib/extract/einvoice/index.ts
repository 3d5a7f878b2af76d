// E-invoices read exactly: the fields and line items of a UBL or CII invoice come from its XML,
// each with confidence 1 and source "e-invoice"; no OCR, no guessing.
import { LINE_ITEMS_MAX } from "../../documents/contract";
import { summarize } from "../rules";
import type { ExtractedFields, Extraction, FieldValue, LineItem } from "../types";
import { readCii } from "./cii";
import type { EInvoice } from "./model";
import { readUbl } from "./ubl";
import { EInvoiceError, parseEInvoiceXml } from "./xml";

export { EInvoiceError };

/** The invoice an e-invoice XML carries; EInvoiceError when it is malformed, unsafe, or not an invoice. */
export function readEInvoice(xml: string): EInvoice {
  const { syntax, root } = parseEInvoiceXml(xml);
  const invoice = syntax === "cii" ? readCii(root) : readUbl(root, syntax === "ubl-credit-note");
  // Without these it is no invoice anyone could book, whatever its root says.
  if (!invoice.number || (invoice.grandTotal === undefined && invoice.payable === undefined)) {
    const missing = [!invoice.number && "number", invoice.grandTotal === undefined && invoice.payable === undefined && "total"].filter(Boolean).join(" and ");
    throw new EInvoiceError(`the ${invoice.syntax} e-invoice XML has no invoice ${missing}`);
  }
  return invoice;
}

/** The extraction an e-invoice gives. A credit note's amounts are negative, as every extractor gives them. */
export function extractEInvoice(xml: string): Extraction {
  const inv = readEInvoice(xml);
  const total = inv.grandTotal ?? inv.payable!;
  const sign = inv.kind === "credit_note" && total > 0 ? -1 : 1;
  const money = (n: number | undefined) => (n === undefined ? undefined : n * sign || 0);
  const fields: ExtractedFields = {
    document_type: exact("invoice"),
    vendor: exact(inv.seller.name?.slice(0, 300)),
    number: exact(inv.number?.slice(0, 100)),
    issue_date: exact(inv.issueDate),
    due_date: exact(inv.dueDate),
    currency: exact(inv.currency && /^[A-Z]{3}$/.test(inv.currency) ? inv.currency : undefined),
    subtotal: exact(money(inv.taxBasis ?? inv.lineTotal)),
    tax: exact(money(inv.tax)),
    total: exact(money(total)),
  };
  for (const key of Object.keys(fields) as (keyof ExtractedFields)[]) if (!fields[key]) delete fields[key];
  // Document-level allowances and charges are rows too, so the rows add up to the subtotal.
  const rows = [...inv.lines, ...inv.allowanceCharges.map((a) => ({ description: a.reason, quantity: null, unitPrice: null, amount: a.amount }))];
  const line_items: LineItem[] = rows.slice(0, LINE_ITEMS_MAX).map((l) => ({
    description: l.description.slice(0, 500),
    quantity: l.quantity,
    unit_price: l.unitPrice === null ? null : l.unitPrice * sign || 0,
    amount: l.amount === null ? null : l.amount * sign || 0,
  }));
  const extraction: Extraction = { fields, line_items, line_items_source: "e-invoice", summary: "", summary_source: "e-invoice" };
  const format = describeFormat(inv);
  extraction.summary = `${summarize(extraction).replace(/^Invoice/, inv.kind === "credit_note" ? "Credit note" : "Invoice")} Read from the ${format} XML.`;
  return extraction;
}

/** A plain-text rendering of the invoice, for search and the text panel of an XML document. */
export function renderEInvoiceText(inv: EInvoice): string {
  const cur = inv.currency;
  // Four places at most: a unit price of 0.045 is not 0.05.
  const amount = (n: number | null | undefined) => (n === null || n === undefined ? "" : `${n.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 4 })}${cur ? ` ${cur}` : ""}`);
  const party = (label: string, p: EInvoice["seller"]) => [p.name && `${label}: ${p.name}`, p.vatId && `  VAT ID: ${p.vatId}`, p.address && `  ${p.address}`];
  const lines = inv.lines.map((l, i) => {
    const qty = l.quantity !== null ? `${l.quantity} × ${amount(l.unitPrice)}` : amount(l.unitPrice);
    return `${i + 1}. ${l.description}${qty ? `  ${qty}` : ""}${l.amount !== null ? `  = ${amount(l.amount)}` : ""}`;
  });
  const out = [
    `${inv.kind === "credit_note" ? "Credit note" : "Invoice"} (${describeFormat(inv)})`,
    ...party("Seller", inv.seller),
    ...party("Buyer", inv.buyer),
    inv.number && `Number: ${inv.number}`,
    inv.issueDate && `Issue date: ${inv.issueDate}`,
    inv.dueDate && `Due date: ${inv.dueDate}`,
    cur && `Currency: ${cur}`,
    lines.length ? "" : undefined,
    lines.length ? "Lines:" : undefined,
    ...lines,
    ...inv.allowanceCharges.map((a) => `${a.amount < 0 ? "Allowance" : "Charge"}: ${a.reason}  ${amount(a.amount)}`),
    "",
    inv.lineTotal !== undefined && `Line total: ${amount(inv.lineTotal)}`,
    inv.taxBasis !== undefined && `Net total: ${amount(inv.taxBasis)}`,
    inv.tax !== undefined && `VAT: ${amount(inv.tax)}`,
    inv.grandTotal !== undefined && `Total: ${amount(inv.grandTotal)}`,
    inv.payable !== undefined && `Amount due: ${amount(inv.payable)}`,
    inv.paymentReference && `Payment reference: ${inv.paymentReference}`,
    inv.iban && `IBAN: ${inv.iban}`,
    ...(inv.notes.length ? ["", ...inv.notes] : []),
  ];
  return out.filter((l): l is string => typeof l === "string").join("\n").replace(/\n{3,}/g, "\n\n").trim();
}

/** "UBL (urn:cen.eu:en16931:2017#compliant#urn:xeinkauf.de:kosit:xrechnung_3.0)" style, short where the specification is known. */
function describeFormat(inv: EInvoice): string {
  const spec = inv.specification ?? "";
  const known: [RegExp, string][] = [
    [/xrechnung/i, "XRechnung"],
    [/peppol/i, "Peppol BIS"],
    [/factur-x|zugferd|ferd:/i, "Factur-X/ZUGFeRD"],
    [/en16931/i, "EN 16931"],
  ];
  const name = known.find(([re]) => re.test(spec))?.[1];
  return `${name ? `${name} ` : ""}${inv.syntax === "CII" ? "CII" : "UBL"} e-invoice`;
}

function exact<T>(value: T | undefined): FieldValue<T> | undefined {
  return value === undefined || value === "" ? undefined : { value, confidence: 1, source: "e-invoice" };
}
