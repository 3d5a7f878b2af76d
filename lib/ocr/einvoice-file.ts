// The text stage for an XML e-invoice sent as a file of its own: no pages, no OCR. Its text is the
// invoice rendered as lines (for search and the text panel); when the XML does not read as an
// invoice, the text is what the XML says, tags removed, so nothing in it is lost to search.
import { EInvoiceError, readEInvoice, renderEInvoiceText } from "../extract/einvoice/index";
import { decodeEntities, MAX_EINVOICE_BYTES } from "../extract/einvoice/xml";
import { DocumentRejected, type DocumentText } from "./types";

export function readEInvoiceFile(bytes: Buffer): DocumentText {
  if (bytes.length > MAX_EINVOICE_BYTES) {
    throw new DocumentRejected(`the e-invoice XML is ${(bytes.length / 1024 / 1024).toFixed(1)} MB, over the limit of ${MAX_EINVOICE_BYTES / 1024 / 1024} MB`, "too_large");
  }
  const xml = bytes.toString("utf8").replace(/^\uFEFF/, "");
  let text: string;
  try {
    text = renderEInvoiceText(readEInvoice(xml));
  } catch (err) {
    // The extraction stage parses the XML again and keeps the reason as its note.
    if (!(err instanceof EInvoiceError)) throw err;
    text = textContent(xml);
  }
  return { text, pages: [{ number: 1, text, source: "e-invoice" }], languages: [], einvoiceXml: xml };
}

/**
 * The character data of an XML file, one run per line, without markup, comments or declarations.
 * A scan, not a regex: on hostile input (thousands of unclosed comments) it stays linear.
 */
function textContent(xml: string): string {
  const runs: string[] = [];
  let at = 0;
  while (at < xml.length) {
    const open = xml.indexOf("<", at);
    runs.push(decodeEntities(xml.slice(at, open < 0 ? xml.length : open)));
    if (open < 0) break;
    const [close, keep] = xml.startsWith("<!--", open) ? ["-->", false] : xml.startsWith("<![CDATA[", open) ? ["]]>", true] : [">", false];
    const end = xml.indexOf(close, open);
    if (end < 0) break;
    if (keep) runs.push(xml.slice(open + 9, end));
    at = end + close.length;
  }
  return runs.map((s) => s.replace(/\s+/g, " ").trim()).filter(Boolean).join("\n");
}
