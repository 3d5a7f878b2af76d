// OASIS UBL 2.1 Invoice and CreditNote, the syntax of XRechnung UBL and Peppol BIS Billing 3.0.
import { attr, child, children, text, type XmlNode, type XmlValue } from "./xml";
import { decimal, isCreditNoteCode, isoDate, round4, type EInvoice, type EInvoiceLine, type EInvoiceParty } from "./model";

export function readUbl(root: XmlNode, creditNote: boolean): EInvoice {
  const currency = text(root, "DocumentCurrencyCode");
  const typeCode = text(root, creditNote ? "CreditNoteTypeCode" : "InvoiceTypeCode");
  const totals = child(root, "LegalMonetaryTotal");
  const means = children(root, "PaymentMeans");
  return {
    syntax: "UBL",
    specification: text(root, "CustomizationID"),
    kind: creditNote || isCreditNoteCode(typeCode) ? "credit_note" : "invoice",
    typeCode,
    number: text(root, "ID"),
    issueDate: isoDate(text(root, "IssueDate")),
    // A credit note has no DueDate of its own: Peppol and XRechnung put it on the payment means.
    dueDate: isoDate(text(root, "DueDate")) ?? means.map((m) => isoDate(text(m, "PaymentDueDate"))).find(Boolean),
    currency: currency?.toUpperCase(),
    seller: party(child(root, "AccountingSupplierParty", "Party")),
    buyer: party(child(root, "AccountingCustomerParty", "Party")),
    lineTotal: decimal(text(totals, "LineExtensionAmount")),
    taxBasis: decimal(text(totals, "TaxExclusiveAmount")),
    tax: taxTotal(root, currency),
    grandTotal: decimal(text(totals, "TaxInclusiveAmount")),
    payable: decimal(text(totals, "PayableAmount")),
    lines: children(root, creditNote ? "CreditNoteLine" : "InvoiceLine").map((l) => line(l, creditNote)),
    allowanceCharges: children(root, "AllowanceCharge").flatMap((a) => {
      const amount = decimal(text(a, "Amount"));
      const charge = text(a, "ChargeIndicator")?.toLowerCase() === "true";
      return amount === undefined ? [] : [{ reason: text(a, "AllowanceChargeReason") ?? (charge ? "Charge" : "Allowance"), amount: charge ? amount : -amount }];
    }),
    notes: children(root, "Note").map((n) => text(n)).filter((n): n is string => Boolean(n)),
    paymentReference: means.map((m) => text(m, "PaymentID")).find(Boolean),
    iban: means.map((m) => text(m, "PayeeFinancialAccount", "ID")).find(Boolean),
  };
}

function line(node: XmlValue, creditNote: boolean): EInvoiceLine {
  const item = child(node, "Item");
  const price = decimal(text(node, "Price", "PriceAmount"));
  const base = decimal(text(node, "Price", "BaseQuantity"));
  return {
    description: text(item, "Name") ?? text(item, "Description") ?? "",
    quantity: decimal(text(node, creditNote ? "CreditedQuantity" : "InvoicedQuantity")) ?? null,
    unitPrice: price === undefined ? null : base ? round4(price / base) : price,
    amount: decimal(text(node, "LineExtensionAmount")) ?? null,
  };
}

function party(node: XmlValue | undefined): EInvoiceParty {
  const vat = children(node, "PartyTaxScheme").find((s) => text(s, "TaxScheme", "ID")?.toUpperCase() === "VAT") ?? child(node, "PartyTaxScheme");
  const address = child(node, "PostalAddress");
  const lines = [text(address, "StreetName"), text(address, "AdditionalStreetName"), [text(address, "PostalZone"), text(address, "CityName")].filter(Boolean).join(" "), text(address, "Country", "IdentificationCode")];
  return {
    // BT-27, the legal name, is mandatory; the trading name (BT-28) stands in where a file lacks it.
    name: text(node, "PartyLegalEntity", "RegistrationName") ?? text(node, "PartyName", "Name"),
    vatId: text(vat, "CompanyID"),
    address: lines.filter(Boolean).join(", ") || undefined,
  };
}

/** BT-110: the TaxTotal in the document currency (the one with subtotals when a second, BT-111, is in the accounting currency). */
function taxTotal(root: XmlNode, currency: string | undefined): number | undefined {
  const totals = children(root, "TaxTotal").map((t) => child(t, "TaxAmount"));
  const inCurrency = totals.find((t) => !currency || !attr(t, "currencyID") || attr(t, "currencyID")?.toUpperCase() === currency.toUpperCase());
  return decimal(text(inCurrency));
}
