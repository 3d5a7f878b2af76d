// The e-invoice a PDF carries as an embedded file (Factur-X, ZUGFeRD, XRechnung hybrid PDFs):
// found by its standard name, or as any XML file whose root is a UBL or CII invoice.
import { sniffEInvoice } from "../extract/einvoice/detect";
import { MAX_EINVOICE_BYTES } from "../extract/einvoice/xml";
import type { OpenedPdf } from "./pdf-text";

/** The names the standards give the XML: Factur-X 1.0, ZUGFeRD 1 and 2, XRechnung hybrids. */
const STANDARD_NAMES = ["factur-x.xml", "zugferd-invoice.xml", "xrechnung.xml", "order-x.xml"];

export type PdfEInvoice = { xml?: string; filename?: string; note?: string };

/** The e-invoice XML embedded in the PDF, a note when one was there but could not be taken, or nothing. */
export async function findEmbeddedEInvoice(doc: Pick<OpenedPdf, "attachments" | "attachment">): Promise<PdfEInvoice> {
  let files: { id: string; filename: string }[];
  try {
    files = await doc.attachments();
  } catch (err) {
    return { note: `the PDF's embedded files could not be listed: ${(err as Error)?.message ?? err}` };
  }
  const xmlFiles = files.filter((f) => /\.xml$/i.test(f.filename));
  // A standard name first: a hybrid may carry other XML too (a delivery note, an order).
  const rank = (f: { filename: string }) => (STANDARD_NAMES.includes(f.filename.toLowerCase()) ? 0 : 1);
  const notes: string[] = [];
  for (const file of xmlFiles.sort((a, b) => rank(a) - rank(b))) {
    let bytes: Uint8Array | null;
    try {
      bytes = await doc.attachment(file.id);
    } catch (err) {
      notes.push(`the embedded ${file.filename} could not be read: ${(err as Error)?.message ?? err}`);
      continue;
    }
    if (!bytes) continue;
    if (bytes.length > MAX_EINVOICE_BYTES) {
      notes.push(`the embedded ${file.filename} is ${(bytes.length / 1024 / 1024).toFixed(1)} MB, over the e-invoice limit of ${MAX_EINVOICE_BYTES / 1024 / 1024} MB`);
      continue;
    }
    const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    // A standard name is taken even when its root is wrong, so the reason lands in the extraction note.
    if (rank(file) === 0 || sniffEInvoice(buffer)) return { xml: buffer.toString("utf8").replace(/^\uFEFF/, ""), filename: file.filename };
  }
  return notes.length ? { note: notes.join("; ") } : {};
}
