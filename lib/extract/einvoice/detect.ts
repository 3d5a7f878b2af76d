// Which XML is an e-invoice, told from its root element and that element's namespace alone, so a
// mail attachment can be accepted or refused without parsing it (any other XML is not a document).

export type EInvoiceSyntax = "cii" | "ubl-invoice" | "ubl-credit-note";

/** Root namespaces: UN/CEFACT CII D16B (Factur-X, ZUGFeRD 2, XRechnung CII) and OASIS UBL 2.x (XRechnung UBL, Peppol BIS). */
export const ROOT_NAMESPACES: Record<string, EInvoiceSyntax> = {
  "CrossIndustryInvoice urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100": "cii",
  "Invoice urn:oasis:names:specification:ubl:schema:xsd:Invoice-2": "ubl-invoice",
  "CreditNote urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2": "ubl-credit-note",
};

/** How far into the file the root element must start: past the declaration and a few comments. */
const HEAD_BYTES = 8 * 1024;

/** The e-invoice syntax of an XML file judged from its first bytes, or undefined when it is not one. */
export function sniffEInvoice(data: Buffer | string): EInvoiceSyntax | undefined {
  const head = (typeof data === "string" ? data.slice(0, HEAD_BYTES) : decodeHead(data.subarray(0, HEAD_BYTES))).replace(/^\uFEFF/, "");
  // Skip the declaration, processing instructions, comments and whitespace before the root.
  const prolog = /^(?:\s+|<\?[\s\S]*?\?>|<!--[\s\S]*?-->)*/.exec(head)![0];
  const root = /^<([A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)((?:\s+[^\s=>/]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*\/?>/.exec(head.slice(prolog.length));
  if (!root) return undefined;
  const prefix = root[1]?.slice(0, -1);
  const attr = new RegExp(`\\sxmlns${prefix ? `:${prefix.replace(/[.-]/g, "\\$&")}` : ""}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`).exec(root[3]);
  const ns = attr?.[1] ?? attr?.[2];
  return ns ? ROOT_NAMESPACES[`${root[2]} ${ns.trim()}`] : undefined;
}

/** UTF-8 unless the bytes say UTF-16 (a BOM); e-invoices are UTF-8 by their standards. */
function decodeHead(bytes: Buffer): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return bytes.subarray(0, bytes.length & ~1).toString("utf16le");
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return Buffer.from(bytes.subarray(0, bytes.length & ~1)).swap16().toString("utf16le");
  return bytes.toString("utf8");
}
