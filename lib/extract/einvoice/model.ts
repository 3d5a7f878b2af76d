// An e-invoice as Mailroom reads it, whichever syntax carried it (EN 16931 business terms in brackets).

export type EInvoiceParty = { name?: string; vatId?: string; address?: string };

export type EInvoiceLine = {
  description: string; // BT-153 item name, else BT-154 description
  quantity: number | null; // BT-129
  unitPrice: number | null; // BT-146 net price per unit (BT-149 base quantity divided out)
  amount: number | null; // BT-131 line net amount
};

export type EInvoice = {
  syntax: "CII" | "UBL";
  /** BT-24, the specification the invoice follows (Factur-X EN16931, XRechnung, Peppol BIS...). */
  specification?: string;
  kind: "invoice" | "credit_note";
  typeCode?: string; // BT-3
  number?: string; // BT-1
  issueDate?: string; // BT-2, yyyy-mm-dd
  dueDate?: string; // BT-9, yyyy-mm-dd
  currency?: string; // BT-5
  seller: EInvoiceParty; // BG-4
  buyer: EInvoiceParty; // BG-7
  lineTotal?: number; // BT-106
  taxBasis?: number; // BT-109, net total after document allowances and charges
  tax?: number; // BT-110
  grandTotal?: number; // BT-112
  payable?: number; // BT-115
  lines: EInvoiceLine[];
  /** BG-20/BG-21 document-level allowances (negative) and charges: the lines plus these make the tax basis. */
  allowanceCharges: { reason: string; amount: number }[];
  notes: string[]; // BT-22
  paymentReference?: string; // BT-83
  iban?: string; // BT-84
};

/** UNTDID 1001 codes that make a document a credit note (381 commercial, 261/262/296/308/396/420/458/532 related). */
const CREDIT_NOTE_CODES = new Set(["81", "83", "261", "262", "296", "308", "381", "396", "420", "458", "532"]);

export const isCreditNoteCode = (code: string | undefined) => code !== undefined && CREDIT_NOTE_CODES.has(code);

/** A decimal as XML Schema writes it ("1234.50", "-3", ".5"); anything else is no number. */
export function decimal(value: string | undefined): number | undefined {
  if (value === undefined || !/^[+-]?(\d+\.?\d*|\.\d+)$/.test(value.trim())) return undefined;
  const n = Number(value.trim());
  return Number.isFinite(n) ? n : undefined;
}

/** Rounded to 4 places: a price divided by its base quantity should not print as 0.30000000000000004. */
export const round4 = (n: number) => Math.round(n * 10_000) / 10_000;

/** An ISO date (UBL) or UNTDID 2379 format 102 (CII, yyyymmdd) as yyyy-mm-dd, if it is a real date. */
export function isoDate(value: string | undefined, format?: string): string | undefined {
  if (!value) return undefined;
  const v = value.trim();
  const m = format === undefined || format === "102" ? /^(\d{4})-?(\d{2})-?(\d{2})/.exec(v) : undefined;
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return undefined;
  return `${m[1]}-${m[2]}-${m[3]}`;
}
