/** What extraction gets and gives. Implemented in lib/extract/. */
import type { CHECK_NAMES, LineItem } from "../documents/contract";

export type { LineItem };

/** Who read a value: the generic rules, Gemini, an e-invoice's XML, or a layout learned from a person's corrections for that vendor. */
export type Extractor = "rules" | "gemini" | "e-invoice" | "learned";

export type FieldValue<T> = { value: T; confidence: number; source: Extractor };

export type ExtractedFields = {
  document_type?: FieldValue<"invoice" | "receipt" | "other">;
  vendor?: FieldValue<string>;
  number?: FieldValue<string>;
  issue_date?: FieldValue<string>; // ISO yyyy-mm-dd
  due_date?: FieldValue<string>; // ISO yyyy-mm-dd
  currency?: FieldValue<string>; // ISO 4217: ILS, USD, EUR, GBP
  subtotal?: FieldValue<number>;
  tax?: FieldValue<number>;
  total?: FieldValue<number>;
};


export type ExtractionInput = {
  text: string;
  filename?: string;
  sender?: string;
  subject?: string;
  /** When the email that brought the document arrived: a document is not dated after it. */
  receivedAt?: Date;
  /** The company's currency (ISO 4217), used when nothing on the document names one. */
  defaultCurrency?: string;
  /** The UBL or CII XML the document is or carries: when it reads, it is the whole extraction. */
  einvoiceXml?: string;
  /** Why an e-invoice the document seemed to carry was not taken (kept as the extraction note). */
  einvoiceNote?: string;
};

export type Extraction = {
  fields: ExtractedFields;
  line_items: LineItem[];
  line_items_source?: Extractor;
  summary: string;
  summary_source?: Extractor;
};

/** Consistency checks; a failure flags the document for review unless the check is advisory (it then marks the line items doubtful). */
export type ExtractionCheck = { name: (typeof CHECK_NAMES)[number]; ok: boolean; message: string; advisory?: boolean; values?: Record<string, string | number | null> };
