// What Gemini must answer: a JSON Schema for its constrained decoding, the same shape in zod to
// check the answer again (a model can still answer outside the schema), and how the answer
// becomes an Extraction whose fields say "gemini" with a confidence the document supports.
import { z } from "zod";
import type { LineItem } from "../documents/contract";
import type { ExtractedFields, Extraction, ExtractionInput, FieldValue } from "./types";
import { detectEuNumbers, findDates, findMoney, isoDate, resolveDate } from "./text";

export class GeminiAnswerError extends Error {
  constructor(
    readonly kind: "empty" | "malformed_json" | "invalid_answer",
    message: string,
  ) {
    super(message);
    this.name = "GeminiAnswerError";
  }
}

const isoDateString = z
  .string()
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "must be yyyy-mm-dd")
  .refine((s) => {
    const [y, m, d] = s.split("-").map(Number);
    return isoDate(y, m, d) !== undefined;
  }, "is not a calendar date");
const money = z.number().finite();
const text = z.string().trim();

export const geminiAnswerSchema = z.object({
  document_type: z.enum(["invoice", "receipt", "other"]).nullish(),
  vendor: text.max(200).nullish(),
  number: text.max(64).nullish(),
  issue_date: isoDateString.nullish(),
  due_date: isoDateString.nullish(),
  // "eur" is a case slip, not a wrong answer.
  currency: text
    .transform((s) => s.toUpperCase())
    .pipe(z.string().regex(/^[A-Z]{3}$/, "must be an ISO 4217 code"))
    .nullish(),
  subtotal: money.nullish(),
  tax: money.nullish(),
  total: money.nullish(),
  line_items: z
    .array(z.object({ description: text.max(500), quantity: money.nullish(), unit_price: money.nullish(), amount: money.nullish() }))
    .max(500)
    .nullish(),
  summary: text.max(1000).nullish(),
});
export type GeminiAnswer = z.infer<typeof geminiAnswerSchema>;

type JsonSchema = { type: string | string[]; description?: string; enum?: string[]; items?: JsonSchema; properties?: Record<string, JsonSchema>; required?: string[] };
const nullable = (type: "string" | "number", description: string): JsonSchema => ({ type: [type, "null"], description });

/** Every field of ExtractedFields, plus line items and a summary: the compiler keeps them in step. */
const answerProperties = {
  document_type: { type: "string", enum: ["invoice", "receipt", "other"], description: "invoice (tax invoices, invoice-receipts, credit notes), receipt (till and payment receipts), or other" },
  vendor: nullable("string", "The business that issued the document, as it names itself; never the customer, a heading or a city"),
  number: nullable("string", "The invoice/receipt number exactly as printed, without its label; not an order, customer or page number"),
  issue_date: nullable("string", "Issue date as ISO 8601 yyyy-mm-dd, whatever the language or format printed"),
  due_date: nullable("string", "Payment due date as yyyy-mm-dd; null when none is printed"),
  currency: nullable("string", "ISO 4217 code (EUR, USD, GBP, ILS, INR, MYR, PLN, CHF, SEK...), from a symbol, code or the country"),
  subtotal: nullable("number", "Amount before tax/VAT; null when not printed"),
  tax: nullable("number", "Total tax/VAT/GST amount; null when not printed"),
  total: nullable("number", "Total to pay including tax; negative for a credit note"),
  line_items: {
    type: "array",
    description: "The document's rows; an empty array when they cannot be read with confidence",
    items: {
      type: "object",
      properties: {
        description: { type: "string" },
        quantity: nullable("number", "Quantity; null when not printed"),
        unit_price: nullable("number", "Price of one unit; null when not printed"),
        amount: nullable("number", "Line amount as printed"),
      },
      required: ["description", "quantity", "unit_price", "amount"],
    },
  },
  summary: { type: "string", description: "One or two sentences in English: type, number, vendor, date, total" },
} satisfies Record<keyof ExtractedFields | "line_items" | "summary", JsonSchema> & Record<keyof GeminiAnswer, JsonSchema>;

/** Sent as generationConfig.responseJsonSchema (JSON Schema, Gemini 2.5 and later). */
export const geminiResponseJsonSchema: JsonSchema = {
  type: "object",
  properties: answerProperties,
  required: Object.keys(answerProperties),
};

/**
 * Gemini gives no confidence of its own. A value the document visibly carries is believed more
 * than one Gemini may have inferred or invented; the merge with the rules raises it when they agree.
 */
export const GEMINI_CONFIDENCE = { seen: 0.85, normalized: 0.8, unseen: 0.5 } as const;

/** Checks Gemini's text answer and turns it into an Extraction whose fields say "gemini". */
export function parseGeminiAnswer(raw: string | undefined, input: Pick<ExtractionInput, "text" | "sender">): Extraction {
  if (!raw || !raw.trim()) throw new GeminiAnswerError("empty", "Gemini answered with no text");
  let json: unknown;
  try {
    json = JSON.parse(stripFence(raw));
  } catch (err) {
    throw new GeminiAnswerError("malformed_json", `Gemini's answer is not JSON (${(err instanceof Error ? err.message : String(err)).slice(0, 120)})`);
  }
  const parsed = geminiAnswerSchema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 5).map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`);
    throw new GeminiAnswerError("invalid_answer", `Gemini's answer does not fit the schema: ${issues.join("; ")}`);
  }
  const a = parsed.data;
  const seen = evidence(input);
  const fields: ExtractedFields = {};
  const g = <T>(value: T, confidence: number): FieldValue<T> => ({ value, confidence, source: "gemini" });
  const amount = (n: number) => g(n, seen.amount(n) ? GEMINI_CONFIDENCE.seen : GEMINI_CONFIDENCE.unseen);
  const date = (iso: string) => g(iso, seen.date(iso) ? GEMINI_CONFIDENCE.seen : GEMINI_CONFIDENCE.normalized);
  if (a.document_type) fields.document_type = g(a.document_type, GEMINI_CONFIDENCE.normalized);
  if (a.vendor) fields.vendor = g(a.vendor, seen.words(a.vendor) ? GEMINI_CONFIDENCE.seen : GEMINI_CONFIDENCE.unseen);
  const number = a.number?.replace(/^[#№]\s*/, "");
  if (number) fields.number = g(number, seen.verbatim(number) ? GEMINI_CONFIDENCE.seen : GEMINI_CONFIDENCE.unseen);
  if (a.issue_date) fields.issue_date = date(a.issue_date);
  if (a.due_date) fields.due_date = date(a.due_date);
  if (a.currency) fields.currency = g(a.currency, GEMINI_CONFIDENCE.normalized);
  if (a.subtotal != null) fields.subtotal = amount(a.subtotal);
  if (a.tax != null) fields.tax = amount(a.tax);
  if (a.total != null) fields.total = amount(a.total);
  const line_items: LineItem[] = (a.line_items ?? [])
    .filter((i) => i.description || i.amount != null)
    .map((i) => ({ description: i.description, quantity: i.quantity ?? null, unit_price: i.unit_price ?? null, amount: i.amount ?? null }));
  if (!Object.keys(fields).length && !line_items.length) throw new GeminiAnswerError("empty", "Gemini's answer has no fields");
  return {
    fields,
    line_items,
    line_items_source: line_items.length ? "gemini" : undefined,
    summary: a.summary ?? "",
    summary_source: a.summary ? "gemini" : undefined,
  };
}

// ---------------------------------------------------------------------------------------------

/** Whether a value can be found in the document (or, for the vendor, the sender) as written. */
function evidence(input: Pick<ExtractionInput, "text" | "sender">) {
  const compact = (s: string) => s.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, "");
  const doc = compact(input.text);
  const withSender = doc + compact(input.sender ?? "");
  const lines = input.text.split(/\r?\n/);
  let amounts: number[] | undefined;
  let dates: Set<string> | undefined;
  return {
    verbatim: (value: string) => compact(value).length > 0 && doc.includes(compact(value)),
    words: (value: string) => value.split(/[\s,.&]+/).some((w) => w.length >= 3 && withSender.includes(compact(w))),
    amount(value: number) {
      // Either way of writing 1,234.56: Gemini may have read the document's habit better than a guess.
      amounts ??= [detectEuNumbers(input.text), !detectEuNumbers(input.text)].flatMap((eu) => lines.flatMap((l) => findMoney(l, eu).map((m) => Math.abs(m.value))));
      return amounts.some((n) => Math.abs(n - Math.abs(value)) < 0.005);
    },
    date(iso: string) {
      dates ??= new Set(lines.flatMap((l) => findDates(l).flatMap((h) => [resolveDate(h, false), resolveDate(h, true)].filter((d): d is string => Boolean(d)))));
      return dates.has(iso);
    },
  };
}

function stripFence(s: string): string {
  const m = /^\s*```(?:json)?\s*([\s\S]*?)\s*```\s*$/i.exec(s);
  return m ? m[1] : s;
}
