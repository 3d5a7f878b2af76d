import type { FieldName } from "../../documents/contract";

/**
 * The fields a layout can be learned for: those whose value is printed on the document, and the
 * vendor's usual currency and document type (often shown by nothing the rules can read).
 */
export const LEARNABLE_FIELDS = ["vendor", "number", "issue_date", "due_date", "subtotal", "tax", "total", "currency", "document_type"] as const satisfies readonly FieldName[];
export type LearnableField = (typeof LEARNABLE_FIELDS)[number];

/**
 * How to find one field's value on one vendor's documents, learned from where a person's
 * correction occurs in a document's text. Stored as JSON; `version` lets a later reader skip
 * layouts it no longer understands.
 */
export type Layout = {
  version: 1;
  field: LearnableField;
  /**
   * after: on the label's line, after it; before: on its line, before it (right-to-left text laid
   * out visually); below: on a line under it, in its column; position: no label, found by place;
   * literal: the vendor's name, found as written; usual: the vendor's usual value (currency, type),
   * taken where the document itself says nothing surer.
   */
  relation: "after" | "before" | "below" | "position" | "literal" | "usual";
  /** The label's words, lower-cased, without punctuation ("invoice no"); absent for position/literal. */
  label?: string;
  /**
   * The value's shape. Text: a regular expression of its letter and digit runs ("\p{L}{3}-\d{3,5}").
   * Dates: how they are written ("dmy", "mdy", "ymd", "words"). Amounts: "eu" (1.234,56) or "en".
   * Literal and usual: the value itself.
   */
  shape: string;
  /** Where the value was: its line as a share of the text's lines (0 top, 1 bottom), and its column. */
  line: number;
  column: number;
};

export type LearnedValue = { value: string | number; confidence: number; usual?: boolean };
