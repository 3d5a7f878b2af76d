// The Gemini extractor: one generateContent call with JSON output constrained by a response
// schema, and the answer checked again with zod (a model can still answer outside the schema).
// Every failure is a GeminiError with a short reason that never contains the API key.
import { GoogleGenerativeAI, SchemaType, type ObjectSchema } from "@google/generative-ai";
import { z } from "zod";
import type { LineItem } from "../documents/contract";
import type { ExtractedFields, Extraction, ExtractionInput, FieldValue } from "./types";
import { isoDate } from "./text";

export const DEFAULT_GEMINI_MODEL = "gemini-2.5-flash";
export const DEFAULT_GEMINI_TIMEOUT_MS = 30_000;
/** The document text sent is cut here: invoices carry their fields early, and tokens cost. */
export const MAX_PROMPT_CHARS = 30_000;
/** Confidence of a field Gemini filled: it gives none of its own. */
export const GEMINI_CONFIDENCE = 0.85;

export type GeminiOptions = { apiKey: string; baseUrl?: string; model?: string; timeoutMs?: number; signal?: AbortSignal };

export type GeminiFailure = "no_key" | "timeout" | "aborted" | "http" | "network" | "blocked" | "empty" | "malformed_json" | "invalid_answer";

export class GeminiError extends Error {
  constructor(
    readonly kind: GeminiFailure,
    message: string,
  ) {
    super(message);
    this.name = "GeminiError";
  }
}

// ---------------------------------------------------------------------------------------------
// What Gemini must answer

const isoDateString = z
  .string()
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
  currency: z.string().regex(/^[A-Z]{3}$/, "must be an ISO 4217 code").nullish(),
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

const nullableString = { type: SchemaType.STRING, nullable: true } as const;
const nullableNumber = { type: SchemaType.NUMBER, nullable: true } as const;

/** The same shape for Gemini's constrained decoding (OpenAPI subset). */
export const geminiResponseSchema: ObjectSchema = {
  type: SchemaType.OBJECT,
  properties: {
    document_type: { type: SchemaType.STRING, format: "enum", enum: ["invoice", "receipt", "other"], nullable: true },
    vendor: { ...nullableString, description: "The business that issued the document (not the customer)" },
    number: { ...nullableString, description: "The invoice/receipt number exactly as printed" },
    issue_date: { ...nullableString, description: "Issue date, yyyy-mm-dd" },
    due_date: { ...nullableString, description: "Payment due date, yyyy-mm-dd; null when none is printed" },
    currency: { ...nullableString, description: "ISO 4217 code: ILS, USD, EUR, GBP..." },
    subtotal: { ...nullableNumber, description: "Amount before tax/VAT as printed; null when not printed" },
    tax: { ...nullableNumber, description: "Tax/VAT amount; null when not printed" },
    total: { ...nullableNumber, description: "Total to pay; negative for a credit note" },
    line_items: {
      type: SchemaType.ARRAY,
      items: {
        type: SchemaType.OBJECT,
        properties: { description: { type: SchemaType.STRING }, quantity: nullableNumber, unit_price: nullableNumber, amount: nullableNumber },
        required: ["description"],
      },
    },
    summary: { type: SchemaType.STRING, description: "One or two sentences: type, number, vendor, date, total" },
  },
  required: ["document_type", "vendor", "number", "issue_date", "due_date", "currency", "subtotal", "tax", "total", "line_items", "summary"],
};

const INSTRUCTIONS = [
  "You extract structured data from the text of an invoice or receipt (English or Hebrew; it may be OCR output with noise, or a right-to-left text layer whose columns come out reversed).",
  "Answer with JSON only, following the response schema. Use null for anything the document does not state; never invent values.",
  "Dates as yyyy-mm-dd: numeric dates are day/month/year unless the document is clearly American. Amounts as plain numbers (1234.56), negative for credit notes.",
  "document_type: invoice (including tax invoices, invoice-receipts and credit notes), receipt, or other (quotes, statements, anything else).",
  "vendor is the issuer, never the customer under 'Bill to' / 'לכבוד'.",
].join("\n");

export function buildPrompt(input: ExtractionInput): string {
  const meta = [input.filename && `File name: ${input.filename}`, input.sender && `Sender: ${input.sender}`, input.subject && `Subject: ${input.subject}`].filter(Boolean).join("\n");
  return `${meta ? meta + "\n\n" : ""}Document text:\n"""\n${input.text.slice(0, MAX_PROMPT_CHARS)}\n"""`;
}

// ---------------------------------------------------------------------------------------------

/** Asks Gemini; throws GeminiError on any failure or an answer that does not fit the schema. */
export async function extractWithGemini(input: ExtractionInput, opts: GeminiOptions): Promise<Extraction> {
  if (!opts.apiKey) throw new GeminiError("no_key", "no Gemini API key");
  const timeoutMs = opts.timeoutMs ?? DEFAULT_GEMINI_TIMEOUT_MS;
  const client = new GoogleGenerativeAI(opts.apiKey);
  const model = client.getGenerativeModel(
    {
      model: opts.model ?? DEFAULT_GEMINI_MODEL,
      systemInstruction: INSTRUCTIONS,
      generationConfig: { responseMimeType: "application/json", responseSchema: geminiResponseSchema, temperature: 0 },
    },
    { baseUrl: opts.baseUrl?.replace(/\/+$/, "") },
  );
  // Our own timer (the SDK's `timeout` leaves its timer running after the answer arrives).
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  const onAbort = () => controller.abort();
  opts.signal?.addEventListener("abort", onAbort, { once: true });
  let raw: string;
  try {
    const result = await model.generateContent({ contents: [{ role: "user", parts: [{ text: buildPrompt(input) }] }] }, { signal: controller.signal });
    const response = result.response;
    if (response.promptFeedback?.blockReason) throw new GeminiError("blocked", `Gemini blocked the request (${response.promptFeedback.blockReason})`);
    try {
      raw = response.text();
    } catch (err) {
      throw new GeminiError("blocked", `Gemini gave no usable answer: ${scrub(errorMessage(err), opts.apiKey)}`);
    }
  } catch (err) {
    if (err instanceof GeminiError) throw err;
    if (timedOut) throw new GeminiError("timeout", `Gemini did not answer within ${timeoutMs} ms`);
    if (controller.signal.aborted) throw new GeminiError("aborted", "the Gemini request was cancelled");
    const status = (err as { status?: number }).status;
    if (typeof status === "number") throw new GeminiError("http", `Gemini answered HTTP ${status}: ${scrub(errorMessage(err), opts.apiKey)}`);
    throw new GeminiError("network", `Gemini request failed: ${scrub(errorMessage(err), opts.apiKey)}`);
  } finally {
    clearTimeout(timer);
    opts.signal?.removeEventListener("abort", onAbort);
  }
  return parseGeminiAnswer(raw);
}

/** Checks Gemini's text answer and turns it into an Extraction whose fields say "gemini". */
export function parseGeminiAnswer(raw: string): Extraction {
  if (!raw || !raw.trim()) throw new GeminiError("empty", "Gemini answered with no text");
  let json: unknown;
  try {
    json = JSON.parse(stripFence(raw));
  } catch (err) {
    throw new GeminiError("malformed_json", `Gemini's answer is not JSON (${errorMessage(err).slice(0, 120)})`);
  }
  const parsed = geminiAnswerSchema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 5).map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`);
    throw new GeminiError("invalid_answer", `Gemini's answer does not fit the schema: ${issues.join("; ")}`);
  }
  const a = parsed.data;
  const fields: ExtractedFields = {};
  const g = <T>(value: T): FieldValue<T> => ({ value, confidence: GEMINI_CONFIDENCE, source: "gemini" });
  if (a.document_type) fields.document_type = g(a.document_type);
  if (a.vendor) fields.vendor = g(a.vendor);
  if (a.number) fields.number = g(a.number.replace(/^#\s*/, ""));
  if (a.issue_date) fields.issue_date = g(a.issue_date);
  if (a.due_date) fields.due_date = g(a.due_date);
  if (a.currency) fields.currency = g(a.currency);
  if (a.subtotal != null) fields.subtotal = g(a.subtotal);
  if (a.tax != null) fields.tax = g(a.tax);
  if (a.total != null) fields.total = g(a.total);
  const line_items: LineItem[] = (a.line_items ?? [])
    .filter((i) => i.description || i.amount != null)
    .map((i) => ({ description: i.description, quantity: i.quantity ?? null, unit_price: i.unit_price ?? null, amount: i.amount ?? null }));
  if (!Object.keys(fields).length && !line_items.length) throw new GeminiError("empty", "Gemini's answer has no fields");
  return {
    fields,
    line_items,
    line_items_source: line_items.length ? "gemini" : undefined,
    summary: a.summary ?? "",
    summary_source: a.summary ? "gemini" : undefined,
  };
}

function stripFence(s: string): string {
  const m = /^\s*```(?:json)?\s*([\s\S]*?)\s*```\s*$/i.exec(s);
  return m ? m[1] : s;
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Removes the key wherever it might have been echoed (an error body, a URL). */
export function scrub(message: string, key: string): string {
  let out = message;
  if (key) out = out.split(key).join("***");
  return out.replace(/([?&]key=)[^&\s]+/gi, "$1***").slice(0, 300);
}
