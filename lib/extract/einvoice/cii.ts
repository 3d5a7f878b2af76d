// UN/CEFACT Cross Industry Invoice (D16B), the syntax of Factur-X, ZUGFeRD 2.x and XRechnung CII.
import { attr, child, children, text, type XmlNode, type XmlValue } from "./xml";
import { decimal, isCreditNoteCode, isoDate, round4, type EInvoice, type EInvoiceLine, type EInvoiceParty } from "./model";

export function readCii(root: XmlNode): EInvoice {
  const doc = child(root, "ExchangedDocument");
  const trade = child(root, "SupplyChainTradeTransaction");
  const agreement = child(trade, "ApplicableHeaderTradeAgreement");
  const settlement = child(trade, "ApplicableHeaderTradeSettlement");
  const sums = child(settlement, "SpecifiedTradeSettlementHeaderMonetarySummation");
  const currency = text(settlement, "InvoiceCurrencyCode");
  const typeCode = text(doc, "TypeCode");
  const dueDates = children(settlement, "SpecifiedTradePaymentTerms").map((t) => date(child(t, "DueDateDateTime", "DateTimeString"))).filter(Boolean);
  return {
    syntax: "CII",
    specification: text(root, "ExchangedDocumentContext", "GuidelineSpecifiedDocumentContextParameter", "ID"),
    kind: isCreditNoteCode(typeCode) ? "credit_note" : "invoice",
    typeCode,
    number: text(doc, "ID"),
    issueDate: date(child(doc, "IssueDateTime", "DateTimeString")),
    dueDate: dueDates[0],
    currency: currency?.toUpperCase(),
    seller: party(child(agreement, "SellerTradeParty")),
    buyer: party(child(agreement, "BuyerTradeParty")),
    lineTotal: decimal(text(sums, "LineTotalAmount")),
    taxBasis: decimal(text(sums, "TaxBasisTotalAmount")),
    tax: taxTotal(sums, currency),
    grandTotal: decimal(text(sums, "GrandTotalAmount")),
    payable: decimal(text(sums, "DuePayableAmount")),
    lines: children(trade, "IncludedSupplyChainTradeLineItem").map(line),
    allowanceCharges: children(settlement, "SpecifiedTradeAllowanceCharge").flatMap((a) => {
      const amount = decimal(text(a, "ActualAmount"));
      const charge = text(a, "ChargeIndicator", "Indicator") === "true";
      return amount === undefined ? [] : [{ reason: text(a, "Reason") ?? (charge ? "Charge" : "Allowance"), amount: charge ? amount : -amount }];
    }),
    notes: children(doc, "IncludedNote").map((n) => text(n, "Content")).filter((n): n is string => Boolean(n)),
    paymentReference: text(settlement, "PaymentReference"),
    iban: text(settlement, "SpecifiedTradeSettlementPaymentMeans", "PayeePartyCreditorFinancialAccount", "IBANID"),
  };
}

function line(item: XmlValue): EInvoiceLine {
  const product = child(item, "SpecifiedTradeProduct");
  const price = child(item, "SpecifiedLineTradeAgreement", "NetPriceProductTradePrice");
  const charge = decimal(text(price, "ChargeAmount"));
  const basis = decimal(text(price, "BasisQuantity"));
  return {
    description: text(product, "Name") ?? text(product, "Description") ?? "",
    quantity: decimal(text(item, "SpecifiedLineTradeDelivery", "BilledQuantity")) ?? null,
    unitPrice: charge === undefined ? null : basis ? round4(charge / basis) : charge,
    amount: decimal(text(item, "SpecifiedLineTradeSettlement", "SpecifiedTradeSettlementLineMonetarySummation", "LineTotalAmount")) ?? null,
  };
}

function party(node: XmlValue | undefined): EInvoiceParty {
  const vat = children(node, "SpecifiedTaxRegistration").find((r) => attr(child(r, "ID"), "schemeID") === "VA");
  const address = child(node, "PostalTradeAddress");
  const lines = [text(address, "LineOne"), text(address, "LineTwo"), [text(address, "PostcodeCode"), text(address, "CityName")].filter(Boolean).join(" "), text(address, "CountryID")];
  return { name: text(node, "Name"), vatId: text(vat, "ID"), address: lines.filter(Boolean).join(", ") || undefined };
}

/** Format 102 is the only one EN 16931 allows for these dates. */
function date(node: XmlValue | undefined): string | undefined {
  return isoDate(text(node), attr(node, "format"));
}

/** BT-110 is the tax total in the invoice's currency; a second one (BT-111) is in the accounting currency. */
function taxTotal(sums: XmlValue | undefined, currency: string | undefined): number | undefined {
  const totals = children(sums, "TaxTotalAmount");
  const inCurrency = totals.find((t) => !currency || !attr(t, "currencyID") || attr(t, "currencyID")?.toUpperCase() === currency.toUpperCase());
  return decimal(text(inCurrency));
}
