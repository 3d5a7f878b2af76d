// The Gemini extractor on @google/genai: one generateContent call whose JSON output is
// constrained by a response schema, the answer checked again with zod (gemini-answer.ts).
// Every failure is a GeminiError with a short reason that never contains the API key.
import type { GenerateContentResponse } from "@google/genai";
import type { Extraction, ExtractionInput } from "./types";
import { GeminiAnswerError, geminiResponseJsonSchema, parseGeminiAnswer } from "./gemini-answer";

type GenAi = typeof import("@google/genai");
let genai: Promise<GenAi> | undefined;
// Loaded on the first request: most workers run without a key, and the SDK is ~25 MB of memory.
const loadGenAi = () => (genai ??= import("@google/genai"));

export const DEFAULT_GEMINI_MODEL = "gemini-2.5-flash";
export const DEFAULT_GEMINI_BASE_URL = "https://generativelanguage.googleapis.com";
export const DEFAULT_GEMINI_TIMEOUT_MS = 30_000;
/** The document text sent is cut here: invoices carry their fields early, and tokens cost. */
export const MAX_PROMPT_CHARS = 30_000;

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

const INSTRUCTIONS = [
  "You extract structured data from the text of an invoice or receipt. It may be OCR output with noise, a right-to-left (Hebrew) text layer whose columns come out reversed, or a text layer in an odd order.",
  "Documents come in many languages: English, Hebrew, German, French, Dutch, Italian, Spanish, Portuguese, Polish and others. Recognise labels in any of them, with or without a colon, beside or above the value (Invoice No, Rechnungsnummer, N° de facture, Factuurnummer, Fattura n., Nº factura, Fatura nº, Faktura nr, מספר חשבונית; Total, Gesamtbetrag, Montant TTC, Totaal, Totale, Importe total, סה\"כ לתשלום).",
  "Answer with JSON only, following the response schema. Use null for anything the document does not state; never invent values.",
  "Dates as ISO 8601 yyyy-mm-dd whatever the language or format printed (14 mars 2019, 07 Nov 2016, 18-06-2015). Numeric dates are day/month/year unless the document is clearly American. The issue date is not a due date, a delivery date or the end of a billing period, and is not after the email that brought the document.",
  "currency as an ISO 4217 code, from a symbol (€ EUR, £ GBP, ₪ ILS, ₹ INR, zł PLN), a code, or the issuer's country; when nothing names one, use the company's currency if given.",
  "Amounts as plain numbers (1234.56) whatever the document's decimal separator; negative for credit notes. total is the amount to pay (Total, Grand total, Rounded total, Total incl. VAT/GST), never cash tendered, change, rounding or a subtotal.",
  "document_type: invoice (including tax invoices, invoice-receipts and credit notes), receipt (till or payment receipts), or other (quotes, statements, anything else).",
  "vendor is the issuer (usually the top block, the one with a VAT or registration number, or the sender's organisation), never the customer under 'Bill to' / 'Rechnung an' / 'לכבוד', a heading such as INVOICE or FACTUUR, a city or a column title.",
  "number is the document's own number as printed (INV-2024/0017, VX2004417765), never a customer, order, VAT or page number.",
  "line_items: the rows as printed; an empty array when they cannot be read with confidence.",
].join("\n");

/** The user turn: what the email says about the document, then its text. */
export function buildPrompt(input: ExtractionInput): string {
  const meta = [
    input.filename && `File name: ${input.filename}`,
    input.sender && `Sender: ${input.sender}`,
    input.subject && `Subject: ${input.subject}`,
    input.receivedAt && `Email received: ${input.receivedAt.toISOString().slice(0, 10)}`,
    input.defaultCurrency && `Company's currency: ${input.defaultCurrency}`,
  ]
    .filter(Boolean)
    .join("\n");
  return `${meta ? meta + "\n\n" : ""}Document text:\n"""\n${input.text.slice(0, MAX_PROMPT_CHARS)}\n"""`;
}

/** Asks Gemini; throws GeminiError on any failure or an answer that does not fit the schema. */
export async function extractWithGemini(input: ExtractionInput, opts: GeminiOptions): Promise<Extraction> {
  if (!opts.apiKey) throw new GeminiError("no_key", "no Gemini API key");
  const timeoutMs = opts.timeoutMs ?? DEFAULT_GEMINI_TIMEOUT_MS;
  const sdk = await loadGenAi();
  const { GoogleGenAI } = sdk;
  // Everything explicit, so the SDK's own environment variables (GOOGLE_GENAI_USE_VERTEXAI, GOOGLE_GEMINI_BASE_URL) change nothing.
  const ai = new GoogleGenAI({ apiKey: opts.apiKey, vertexai: false, httpOptions: { baseUrl: opts.baseUrl ?? DEFAULT_GEMINI_BASE_URL, timeout: timeoutMs } });
  let response: GenerateContentResponse;
  try {
    response = await ai.models.generateContent({
      model: opts.model ?? DEFAULT_GEMINI_MODEL,
      contents: [{ role: "user", parts: [{ text: buildPrompt(input) }] }],
      config: {
        systemInstruction: INSTRUCTIONS,
        responseMimeType: "application/json",
        responseJsonSchema: geminiResponseJsonSchema,
        temperature: 0,
        abortSignal: opts.signal,
      },
    });
  } catch (err) {
    throw requestFailure(sdk, err, opts, timeoutMs);
  }
  const blocked = response.promptFeedback?.blockReason;
  if (blocked) throw new GeminiError("blocked", `Gemini blocked the request (${blocked})`);
  const finish = response.candidates?.[0]?.finishReason;
  const raw = response.text;
  if (!raw && finish && finish !== "STOP") throw new GeminiError("blocked", `Gemini gave no answer (finish reason ${finish})`);
  try {
    return parseGeminiAnswer(raw, input);
  } catch (err) {
    if (err instanceof GeminiAnswerError) throw new GeminiError(err.kind, scrub(err.message, opts.apiKey));
    throw err;
  }
}

/** Removes the key wherever it might have been echoed (an error body, a URL). */
export function scrub(message: string, key: string): string {
  let out = message;
  if (key) out = out.split(key).join("***");
  return out.replace(/([?&]key=)[^&\s]+/gi, "$1***").slice(0, 300);
}

// ---------------------------------------------------------------------------------------------

/** The SDK aborts on its own timer and on the caller's signal alike: the caller's signal tells them apart. */
function requestFailure(sdk: GenAi, err: unknown, opts: GeminiOptions, timeoutMs: number): GeminiError {
  if (opts.signal?.aborted) return new GeminiError("aborted", "the Gemini request was cancelled");
  if (err instanceof sdk.ApiError) return new GeminiError("http", `Gemini answered HTTP ${err.status}: ${scrub(apiErrorMessage(err.message), opts.apiKey)}`);
  if (isAbort(err)) return new GeminiError("timeout", `Gemini did not answer within ${timeoutMs} ms`);
  return new GeminiError("network", `Gemini request failed: ${scrub(causeChain(err), opts.apiKey)}`);
}

const isAbort = (err: unknown) => err instanceof Error && (err.name === "AbortError" || err.name === "TimeoutError");

/** ApiError's message is the error body as JSON; its own message is what a person can read. */
function apiErrorMessage(body: string): string {
  try {
    const message = (JSON.parse(body) as { error?: { message?: unknown } }).error?.message;
    return typeof message === "string" ? message : body;
  } catch {
    return body;
  }
}

/** fetch says only "fetch failed"; the reason (ECONNREFUSED, a DNS failure) is in its cause. */
function causeChain(err: unknown): string {
  const parts: string[] = [];
  for (let e: unknown = err; e instanceof Error && parts.length < 3; e = e.cause) parts.push((e as { code?: string }).code ?? e.message);
  return parts.join(": ") || String(err);
}
