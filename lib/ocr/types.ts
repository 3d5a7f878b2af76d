/** What the text stage gets and gives. Implemented in lib/ocr/. */
export type TextInput = { bytes: Buffer; contentType: "application/pdf" | "image/png" | "image/jpeg" | "application/xml" };

export type TextLimits = {
  maxPages: number; // default 50
  maxPixelsPerPage: number; // default 40_000_000
  maxBytes: number; // default 25 MB
  timeoutMs: number; // whole document, default 120_000
};

export type PageText = {
  number: number; // 1-based
  text: string;
  /** "e-invoice": an XML e-invoice's rendering as text (the file has no pages to read). */
  source: "text-layer" | "ocr" | "e-invoice";
  confidence?: number; // 0..100, OCR only
  rotation?: 0 | 90 | 180 | 270; // applied before OCR
};

export type DocumentText = {
  text: string;
  pages: PageText[];
  languages: string[];
  /** The e-invoice XML the document is or carries (a PDF's embedded Factur-X/ZUGFeRD/XRechnung file). */
  einvoiceXml?: string;
  /** Why an e-invoice the document seemed to carry could not be taken (too large, unreadable). */
  einvoiceNote?: string;
};

/**
 * A document that can never be read as it is (corrupt, encrypted, over a limit): the pipeline
 * ends it in `error` with this message, without retrying. Anything else thrown counts as transient.
 */
export class DocumentRejected extends Error {
  constructor(
    message: string,
    readonly reason: "corrupt" | "encrypted" | "too_many_pages" | "too_many_pixels" | "too_large" | "timeout" | "unsupported",
  ) {
    super(message);
    this.name = "DocumentRejected";
  }
}
