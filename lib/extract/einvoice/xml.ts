// Parses an e-invoice's XML with fast-xml-parser, safely: a DOCTYPE is refused before parsing
// (no e-invoice standard uses one, and it is what XXE and entity-expansion bombs need), entities
// are never expanded by the parser (the five predefined ones and character references are decoded
// here), and an input over the size limit is not read at all.
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { sniffEInvoice, type EInvoiceSyntax } from "./detect";

/** Real e-invoices are a few hundred KB at most, even with thousands of lines. */
export const MAX_EINVOICE_BYTES = 5 * 1024 * 1024;
/** Deeper than any CII or UBL invoice nests. */
const MAX_DEPTH = 40;

/** Why an e-invoice's XML could not be used: the pipeline keeps the message as the extraction note. */
export class EInvoiceError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "EInvoiceError";
  }
}

/** An element as parsed: its text under "#text", attributes under "@_name", children by local name. */
export type XmlNode = { [key: string]: XmlValue };
export type XmlValue = string | XmlNode | XmlValue[];

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "@_",
  removeNSPrefix: true,
  parseTagValue: false, // "00123" stays an invoice number, not 123
  parseAttributeValue: false,
  trimValues: true,
  processEntities: false,
  htmlEntities: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  maxNestedTags: MAX_DEPTH,
});

/** The root element of an e-invoice and its syntax; EInvoiceError says why when it is not one. */
export function parseEInvoiceXml(xml: string): { syntax: EInvoiceSyntax; root: XmlNode } {
  const size = Buffer.byteLength(xml, "utf8");
  if (size > MAX_EINVOICE_BYTES) throw new EInvoiceError(`the e-invoice XML is ${(size / 1024 / 1024).toFixed(1)} MB, over the limit of ${MAX_EINVOICE_BYTES / 1024 / 1024} MB`);
  if (/<!DOCTYPE|<!ENTITY/i.test(xml)) throw new EInvoiceError("the e-invoice XML declares a DOCTYPE or entities, which e-invoices never do; it was not parsed (possible XXE or entity-expansion attack)");
  const syntax = sniffEInvoice(xml);
  if (!syntax) throw new EInvoiceError("the XML is not a UBL Invoice/CreditNote or a UN/CEFACT Cross Industry Invoice (its root element or namespace is another)");
  const valid = XMLValidator.validate(xml, { allowBooleanAttributes: false });
  if (valid !== true) throw new EInvoiceError(`the e-invoice XML is malformed: ${valid.err.msg} (line ${valid.err.line})`);
  let parsed: XmlNode;
  try {
    parsed = parser.parse(xml) as XmlNode;
  } catch (err) {
    throw new EInvoiceError(`the e-invoice XML could not be parsed: ${err instanceof Error ? err.message : String(err)}`);
  }
  const rootName = { cii: "CrossIndustryInvoice", "ubl-invoice": "Invoice", "ubl-credit-note": "CreditNote" }[syntax];
  const root = parsed[rootName];
  if (!root || typeof root !== "object" || Array.isArray(root)) throw new EInvoiceError(`the e-invoice XML has no ${rootName} element`);
  return { syntax, root };
}

/** The first child at `path` (local names), descending through the first of repeated elements. */
export function child(node: XmlValue | undefined, ...path: string[]): XmlValue | undefined {
  let at: XmlValue | undefined = node;
  for (const name of path) {
    if (Array.isArray(at)) at = at[0];
    if (!at || typeof at !== "object") return undefined;
    at = (at as XmlNode)[name];
  }
  return Array.isArray(at) ? at[0] : at;
}

/** Every element named by the last step of `path` (repeated elements, or one, or none). */
export function children(node: XmlValue | undefined, ...path: string[]): XmlValue[] {
  const parent = child(node, ...path.slice(0, -1));
  if (!parent || typeof parent !== "object" || Array.isArray(parent)) return [];
  const found = parent[path[path.length - 1]];
  return found === undefined ? [] : Array.isArray(found) ? found : [found];
}

/** The decoded text of the element at `path`, or undefined when it is missing or empty. */
export function text(node: XmlValue | undefined, ...path: string[]): string | undefined {
  const at = path.length ? child(node, ...path) : Array.isArray(node) ? node[0] : node;
  const raw = typeof at === "string" ? at : at && typeof at === "object" && !Array.isArray(at) && typeof at["#text"] === "string" ? at["#text"] : undefined;
  const decoded = raw === undefined ? undefined : decodeEntities(raw).trim();
  return decoded || undefined;
}

/** An attribute of the element (an element given as plain text has none). */
export function attr(node: XmlValue | undefined, name: string): string | undefined {
  const at = Array.isArray(node) ? node[0] : node;
  if (!at || typeof at !== "object" || Array.isArray(at)) return undefined;
  const value = at[`@_${name}`];
  return typeof value === "string" ? decodeEntities(value).trim() || undefined : undefined;
}

const PREDEFINED: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

/** XML's own entities and character references; anything else is left as written. */
export function decodeEntities(s: string): string {
  if (!s.includes("&")) return s;
  return s.replace(/&(#x[0-9a-fA-F]{1,6}|#[0-9]{1,7}|[a-z]{2,4});/g, (whole, ref: string) => {
    if (ref[0] !== "#") return PREDEFINED[ref] ?? whole;
    const code = ref[1] === "x" ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}
